package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// defaultLibraryTemplate is the 360dialog library template that carries a
// group invite link (CONTRACT.md §9.4).
const defaultLibraryTemplate = "group_invite_link"

// libraryTemplateDefault plans library_template_name as group_invite_link
// when neither it nor components is configured, and as null for a custom
// template. A static Default cannot do this: it cannot look at another
// attribute. It must run before the RequiresReplace modifier.
type libraryTemplateDefault struct{}

func (libraryTemplateDefault) Description(context.Context) string {
	return "Defaults to `" + defaultLibraryTemplate + "` when `components` is not set."
}

func (m libraryTemplateDefault) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (libraryTemplateDefault) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || req.Plan.Raw.IsNull() {
		return // configured explicitly, or the resource is being destroyed
	}
	var components jsontypes.Normalized
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("components"), &components)...)
	switch {
	case resp.Diagnostics.HasError():
	case components.IsUnknown():
		resp.PlanValue = types.StringUnknown()
	case components.IsNull():
		resp.PlanValue = types.StringValue(defaultLibraryTemplate)
	default:
		resp.PlanValue = types.StringNull()
	}
}

// libraryCategoryProblem explains why a library template cannot use the
// configured category (the template library only offers UTILITY templates,
// CONTRACT.md §9.4), or returns "". A template is from the library when
// library_template_name is set (with or without components, as the seed
// page sends both) or when components are not set (the default library
// template).
func libraryCategoryProblem(category, library types.String, components jsontypes.Normalized) string {
	fromLibrary := (!library.IsNull() && !library.IsUnknown()) || components.IsNull()
	if category.IsNull() || category.IsUnknown() || !fromLibrary {
		return ""
	}
	if c := category.ValueString(); c != client.CategoryUtility {
		return fmt.Sprintf("category is %q, but a template from the template library must use %q. "+
			"Set category to %q, or describe a custom template with components.", c, client.CategoryUtility, client.CategoryUtility)
	}
	return ""
}

// ValidateConfig checks the rules that involve more than one attribute at
// plan time, so a mistake costs no API call.
func (r *inviteTemplateResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var category, library types.String
	var components jsontypes.Normalized
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("category"), &category)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("library_template_name"), &library)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("components"), &components)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if problem := libraryCategoryProblem(category, library, components); problem != "" {
		resp.Diagnostics.AddAttributeError(path.Root("category"), "Invalid category for a library template", problem)
	}
}
