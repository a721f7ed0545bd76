package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*groupInviteLinkEphemeral)(nil)

// NewGroupInviteLinkEphemeralResource is the constructor of the ephemeral
// resource d360_group_invite_link: the group's current link, read when
// Terraform needs it and never stored in state or plan files. Unlike the
// managed resource of the same name it never resets the link: it reads, and
// whoever owns the rotation (the managed resource, or nobody) stays in charge.
func NewGroupInviteLinkEphemeralResource() ephemeral.EphemeralResource {
	return &groupInviteLinkEphemeral{}
}

type groupInviteLinkEphemeral struct {
	data *providerData
}

type groupInviteLinkEphemeralModel struct {
	GroupID    types.String `tfsdk:"group_id"`
	InviteLink types.String `tfsdk:"invite_link"`
}

func (e *groupInviteLinkEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group_invite_link"
}

func (e *groupInviteLinkEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The current invite link of a WhatsApp group, read when Terraform needs it and never written to " +
			"state or plan files (Terraform 1.10+). Use it to hand the link to a write-only argument or to another " +
			"provider's configuration, for example to put it in a secret store, without the link ever being stored by " +
			"Terraform. It only reads: it never resets the link. To own the link's rotation, use the managed resource " +
			"`d360_group_invite_link` instead (its state holds the link).",
		Attributes: map[string]schema.Attribute{
			"group_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the group.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), trimmedValidator{}},
			},
			"invite_link": schema.StringAttribute{
				Computed:            true,
				Sensitive:           true,
				MarkdownDescription: "The group's current invite link (`https://chat.whatsapp.com/...`).",
			},
		},
	}
}

func (e *groupInviteLinkEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	e.data = data
}

func (e *groupInviteLinkEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m groupInviteLinkEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	resp.Diagnostics.Append(requireConfigured(e.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID := m.GroupID.ValueString()
	link, err := e.data.client.GetInviteLink(ctx, groupID)
	if client.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("group_id"), "Group not found",
			"The group "+groupID+" does not exist, or the phone number of the API key is not a member of it.")
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Unable to read the invite link of group "+groupID, err))
		return
	}
	m.InviteLink = types.StringValue(link)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
