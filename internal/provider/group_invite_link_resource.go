package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/d360/terraform-provider-d360/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = (*groupInviteLinkResource)(nil)
	_ resource.ResourceWithImportState = (*groupInviteLinkResource)(nil)
)

// NewGroupInviteLinkResource is the constructor of d360_group_invite_link.
func NewGroupInviteLinkResource() resource.Resource { return &groupInviteLinkResource{} }

// groupInviteLinkResource manages the invite link of a group. A group always
// has exactly one valid link, so the resource does not create a link: it
// issues a fresh one (which invalidates every earlier link) and tracks it.
// Rotation is replacement, as with random's keepers.
type groupInviteLinkResource struct {
	data *providerData
}

type groupInviteLinkModel struct {
	ID              types.String `tfsdk:"id"`
	GroupID         types.String `tfsdk:"group_id"`
	Triggers        types.Map    `tfsdk:"triggers"`
	RevokeOnDestroy types.Bool   `tfsdk:"revoke_on_destroy"`
	InviteLink      types.String `tfsdk:"invite_link"`
}

func (r *groupInviteLinkResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group_invite_link"
}

func (r *groupInviteLinkResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The invite link of a WhatsApp group. Creating the resource resets the group's link, so every link " +
			"issued before stops working; replacing it (`-replace`, a taint, a changed `triggers` value or `replace_triggered_by`) " +
			"rotates the link. A rotation outside Terraform shows up in `invite_link` on the next refresh.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The group id (same as `group_id`).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"group_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the group, usually `d360_group.<name>.id`. Changing it replaces the resource.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), trimmedValidator{}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"triggers": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values that rotate the link when any of them changes (for example " +
					"`time_rotating.<name>.id` for a schedule). Setting them where there were none (after an import, or for the first time) " +
					"records them without a rotation; changing or removing them rotates the link.",
				PlanModifiers: []planmodifier.Map{mapRequiresReplaceIfPriorSet()},
			},
			"revoke_on_destroy": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "When `true`, destroying the resource resets the group's link once more, so the last link it " +
					"issued stops working. When `false` (default), destroying the resource leaves the link working. " +
					"The reset is skipped when the link was already rotated since (for example by the resource replacing this one " +
					"with `create_before_destroy`), so a newer link is never revoked.",
			},
			"invite_link": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The current invite link (`https://chat.whatsapp.com/...`). Anyone holding it can join " +
					"or ask to join the group, so it is sensitive.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *groupInviteLinkResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *groupInviteLinkResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan groupInviteLinkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID := plan.GroupID.ValueString()
	link, err := r.data.client.ResetInviteLink(ctx, groupID)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Unable to issue a new invite link for group "+groupID, err))
		return
	}
	plan.ID = plan.GroupID
	plan.InviteLink = types.StringValue(link)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *groupInviteLinkResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state groupInviteLinkModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID := state.ID.ValueString()
	link, err := r.data.client.GetInviteLink(ctx, groupID)
	if client.IsNotFound(err) {
		tflog.Info(ctx, "group no longer exists; removing its invite link from state", map[string]any{"group_id": groupID})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Unable to read the invite link of group "+groupID, err))
		return
	}
	if state.InviteLink.ValueString() != link {
		tflog.Info(ctx, "the group's invite link was reset outside Terraform", map[string]any{"group_id": groupID})
	}
	state.GroupID = state.ID
	state.InviteLink = types.StringValue(link)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only records arguments that do not touch the link: a changed
// revoke_on_destroy, or triggers set where there were none. Every other
// change replaces the resource.
func (r *groupInviteLinkResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state groupInviteLinkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	plan.InviteLink = state.InviteLink
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *groupInviteLinkResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupInviteLinkModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !state.RevokeOnDestroy.ValueBool() {
		// Without revoke_on_destroy the link simply stays valid: a group
		// always has one, so there is nothing to delete.
		return
	}
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID := state.ID.ValueString()
	// Revoke by resetting rather than by DELETE /invite_link: the reset is
	// documented by Meta and 360dialog alike, DELETE only in Meta's OpenAPI
	// file. Reset only if the link is still the one this resource issued: a
	// replacement created first (create_before_destroy) has already rotated
	// it, and resetting again would kill the replacement's fresh link.
	current, err := r.data.client.GetInviteLink(ctx, groupID)
	if client.IsNotFound(err) {
		return // the group and every link of it are gone
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Unable to read the invite link of group "+groupID+" before revoking it", err))
		return
	}
	if current != state.InviteLink.ValueString() {
		tflog.Info(ctx, "invite link already rotated since it was issued; not resetting it again", map[string]any{"group_id": groupID})
		return
	}
	if _, err := r.data.client.ResetInviteLink(ctx, groupID); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiag("Unable to revoke the invite link of group "+groupID, err))
	}
}

// ImportState adopts the group's current link without rotating it. The API
// cannot tell which triggers produced it: they stay null, and the next apply
// records the configured ones in place (mapRequiresReplaceIfPriorSet).
func (r *groupInviteLinkResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" {
		resp.Diagnostics.AddError("Invalid import id",
			"Import an invite link by its group id: terraform import d360_group_invite_link.example <group id>.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("group_id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("revoke_on_destroy"), false)...)
}
