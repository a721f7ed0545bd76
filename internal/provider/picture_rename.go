package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// samePictureModifier keeps the prior profile_picture_file when the
// configured path changed but the file there has the content that was
// uploaded (profile_picture_sha256): moving or renaming the file is not a
// change of the group. Terraform accepts a planned value equal to the prior
// one for an argument whose configuration changed, as it does for
// semantically equal values; the state keeps the old path until the
// content changes.
type samePictureModifier struct{}

var _ planmodifier.String = samePictureModifier{}

func (samePictureModifier) Description(context.Context) string {
	return "a new path to a file with the uploaded content plans no change"
}

func (m samePictureModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (samePictureModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.Equal(req.StateValue) {
		return
	}
	var uploaded types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, req.Path.ParentPath().AtName("profile_picture_sha256"), &uploaded)...)
	if resp.Diagnostics.HasError() || uploaded.IsNull() || uploaded.IsUnknown() {
		return
	}
	data, err := readProfilePicture(req.ConfigValue.ValueString())
	if err != nil {
		return // the validator reports it
	}
	if sha256Hex(data) == uploaded.ValueString() {
		resp.PlanValue = req.StateValue
	}
}
