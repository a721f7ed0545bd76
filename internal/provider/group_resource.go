package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/d360/terraform-provider-d360/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = (*groupResource)(nil)
	_ resource.ResourceWithImportState = (*groupResource)(nil)
)

// NewGroupResource is the constructor of d360_group.
func NewGroupResource() resource.Resource { return &groupResource{} }

type groupResource struct {
	data *providerData
}

type groupModel struct {
	ID                    types.String   `tfsdk:"id"`
	Subject               types.String   `tfsdk:"subject"`
	Description           types.String   `tfsdk:"description"`
	JoinApprovalMode      types.String   `tfsdk:"join_approval_mode"`
	ProfilePictureFile    types.String   `tfsdk:"profile_picture_file"`
	ProfilePictureSHA256  types.String   `tfsdk:"profile_picture_sha256"`
	CreationTimestamp     types.Int64    `tfsdk:"creation_timestamp"`
	Suspended             types.Bool     `tfsdk:"suspended"`
	TotalParticipantCount types.Int64    `tfsdk:"total_participant_count"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

// groupReadFields is what one refresh asks for: everything the state holds.
var groupReadFields = []string{
	client.FieldSubject, client.FieldDescription, client.FieldJoinApprovalMode,
	client.FieldSuspended, client.FieldCreationTimestamp, client.FieldTotalParticipantCount,
}

func (r *groupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group"
}

func (r *groupResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A WhatsApp group of the phone number. Creation is asynchronous in the API: the provider " +
			"sends the request, then finds the new group in the list of active groups (see the resource documentation for how the match works).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The group id.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"subject": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The group name, 1 to 128 characters, without leading or trailing whitespace (the API trims it).",
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, 128), trimmedValidator{}},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The group description, 1 to 2048 characters, without leading or trailing whitespace (the API may trim it; use `trimspace()` on a heredoc). Removing it from the configuration clears it.",
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, 2048), trimmedValidator{}},
			},
			"join_approval_mode": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(client.JoinApprovalAuto),
				MarkdownDescription: "`auto_approve` (default: anyone with the invite link joins) or `approval_required` " +
					"(users ask to join and the business approves). The API cannot change it after creation, so a change replaces the group.",
				Validators:    []validator.String{stringvalidator.OneOf(client.JoinApprovalAuto, client.JoinApprovalRequired)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"profile_picture_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path to a square JPEG file (at least 192x192 pixels, at most 5 MB) to upload as the group picture. " +
					"The file is checked at plan time, or at apply time when it does not exist yet (written by another resource of the same apply). " +
					"The API cannot read a picture back; removing the argument leaves the current picture in place. " +
					"A new path to a file with the same content (a moved or renamed file) plans no change.",
				Validators:    []validator.String{profilePictureValidator{}},
				PlanModifiers: []planmodifier.String{samePictureModifier{}},
			},
			"profile_picture_sha256": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "SHA-256 of the uploaded picture file. A change of the file's content plans an in-place update.",
				PlanModifiers:       []planmodifier.String{pictureDigestModifier{}},
			},
			"creation_timestamp": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "When the group was created (Unix seconds).",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"suspended": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether WhatsApp suspended the group for a policy violation.",
				// No UseStateForUnknown here and in total_participant_count:
				// the API changes them on its own, so a plan that updates the
				// group leaves them unknown and a saved plan stays valid when
				// users join before it is applied.
			},
			"total_participant_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of participants, not counting the business.",
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *groupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *groupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan groupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, timeout, ok := operationTimeout(ctx, plan.Timeouts.Create, r.data.timing.CreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	var picture []byte
	if !plan.ProfilePictureFile.IsNull() {
		var diags diag.Diagnostics
		if picture, diags = pictureToUpload(plan.ProfilePictureFile, plan.ProfilePictureSHA256); diags.HasError() {
			resp.Diagnostics.Append(diags...)
			return
		}
		plan.ProfilePictureSHA256 = types.StringValue(sha256Hex(picture))
	}

	in := client.CreateGroupInput{
		Subject:          plan.Subject.ValueString(),
		Description:      plan.Description.ValueString(),
		JoinApprovalMode: plan.JoinApprovalMode.ValueString(),
	}
	id, read, pending, err := r.createGroup(ctx, in, time.Now())
	switch {
	case pending != nil:
		r.savePendingCreate(ctx, resp, plan, *pending, timeout)
		return
	case err != nil && ctx.Err() != nil:
		resp.Diagnostics.AddError("Timed out before the group could be created",
			fmt.Sprintf("The create timeout (%s) passed before the request to create the group %q was sent, so the group was not created "+
				"and nothing was sent to the API; the next apply creates it. Raise timeouts.create if listing the existing groups is slow for this number.\n\n%s",
				timeout, in.Subject, describeError(err)))
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiag("Unable to create the group", err))
		return
	}

	// From here on the group exists: any failure keeps it in state so that
	// Terraform taints it instead of losing it.
	plan.ID = types.StringValue(id)
	if picture != nil {
		if _, err := r.data.client.UpdateGroupPicture(ctx, id, "profile.jpg", picture); err != nil {
			r.keepTainted(ctx, resp, plan, "Group created, but its profile picture could not be set", err)
			return
		}
	}
	if read == nil {
		g, err := r.readWhenVisible(ctx, id)
		if err != nil {
			r.keepTainted(ctx, resp, plan, "Group created, but it could not be read back", err)
			return
		}
		read = &g
	}
	plan.applyRead(*read)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// clockSkewTolerance widens the "created after the request" check, since the
// API's clock and ours may disagree.
const clockSkewTolerance = 5 * time.Minute

// keepTainted stores a group that exists with an error, so Terraform marks
// it tainted (and replaces it on the next apply) instead of orphaning it.
func (r *groupResource) keepTainted(ctx context.Context, resp *resource.CreateResponse, plan groupModel, summary string, err error) {
	plan.nullUnknowns()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(apiErrorDiag(summary, fmt.Errorf("%w\n\nThe group %s is kept in the state as tainted; the next apply replaces it", err, plan.ID.ValueString())))
}

func (r *groupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state groupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if pending, ok := parsePendingID(id); ok {
		r.readPendingCreate(ctx, resp, &state, pending)
		return
	}
	g, err := r.data.client.GetGroup(ctx, id, groupReadFields...)
	if client.IsNotFound(err) {
		tflog.Info(ctx, "group no longer exists; removing it from state", map[string]any{"group_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Unable to read the group", err))
		return
	}
	state.applyRead(g)
	if bool(g.Suspended) {
		resp.Diagnostics.AddAttributeWarning(path.Root("suspended"), "Group suspended",
			fmt.Sprintf("WhatsApp suspended the group %s (%q) for a policy violation. Changes to it fail with error 131207 until the suspension is cleared.", id, g.Subject))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *groupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state groupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, _, ok := operationTimeout(ctx, plan.Timeouts.Update, r.data.timing.UpdateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	id := state.ID.ValueString()
	plan.ID = state.ID

	var in client.UpdateGroupInput
	if !plan.Subject.Equal(state.Subject) {
		s := plan.Subject.ValueString()
		in.Subject = &s
	}
	if !plan.Description.Equal(state.Description) {
		d := plan.Description.ValueString() // null clears: sent as ""
		in.Description = &d
	}
	if in.Subject != nil || in.Description != nil {
		if _, err := r.data.client.UpdateGroup(ctx, id, in); err != nil {
			resp.Diagnostics.Append(apiErrorDiag("Unable to update the group", err))
			return
		}
	}
	if !plan.ProfilePictureFile.IsNull() && !plan.ProfilePictureSHA256.Equal(state.ProfilePictureSHA256) {
		picture, diags := pictureToUpload(plan.ProfilePictureFile, plan.ProfilePictureSHA256)
		if resp.Diagnostics.Append(diags...); diags.HasError() {
			return
		}
		if _, err := r.data.client.UpdateGroupPicture(ctx, id, "profile.jpg", picture); err != nil {
			resp.Diagnostics.Append(apiErrorDiag("Unable to update the group's profile picture", err))
			return
		}
		plan.ProfilePictureSHA256 = types.StringValue(sha256Hex(picture))
	}

	// Settings changes are applied asynchronously: wait until a read shows
	// them, so the refresh after apply does not flap.
	g, err := r.waitForSettings(ctx, id, plan)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("The group update was accepted but is not visible yet", err))
		return
	}
	plan.applyRead(g)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *groupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, timeout, ok := operationTimeout(ctx, state.Timeouts.Delete, r.data.timing.DeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	id := state.ID.ValueString()
	if pending, ok := parsePendingID(id); ok {
		// A create that timed out before its group was identified.
		if id = r.resolvePendingForDelete(ctx, resp, pending, timeout); id == "" {
			return
		}
	}

	if err := r.data.client.DeleteGroup(ctx, id); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiag("Unable to delete the group", err))
		return
	}
	// The API confirms deletion asynchronously; wait until the group is gone.
	err := pollUntil(ctx, r.data.timing, func(ctx context.Context) (bool, error) {
		_, err := r.data.client.GetGroup(ctx, id)
		if client.IsNotFound(err) {
			return true, nil
		}
		return false, err
	})
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			resp.Diagnostics.AddError("Timed out waiting for the group to be deleted",
				fmt.Sprintf("The API accepted the deletion of group %s but still lists it after %s. Run destroy again later or raise timeouts.delete.", id, timeout))
			return
		}
		resp.Diagnostics.Append(apiErrorDiag("Unable to confirm the group's deletion", err))
		return
	}
	r.data.creator.Release(id)
}

func (r *groupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" {
		resp.Diagnostics.AddError("Invalid import id", "Import a group by its id: terraform import d360_group.example <group id>.")
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// applyRead copies what the API returned into the model.
func (m *groupModel) applyRead(g client.Group) {
	m.Subject = types.StringValue(g.Subject)
	m.Description = nullIfEmpty(g.Description)
	// The API may leave out the default mode; an import must still hold it,
	// or the configuration of the very same group would plan a replacement.
	m.JoinApprovalMode = types.StringValue(cmp.Or(g.JoinApprovalMode, client.JoinApprovalAuto))
	m.CreationTimestamp = types.Int64Value(int64(g.CreationTimestamp))
	m.Suspended = types.BoolValue(bool(g.Suspended))
	m.TotalParticipantCount = types.Int64Value(int64(g.TotalParticipantCount))
	if m.ProfilePictureSHA256.IsUnknown() {
		m.ProfilePictureSHA256 = types.StringNull()
	}
}

// nullUnknowns replaces values still unknown with null: state may not hold
// unknowns.
func (m *groupModel) nullUnknowns() {
	if m.CreationTimestamp.IsUnknown() {
		m.CreationTimestamp = types.Int64Null()
	}
	if m.Suspended.IsUnknown() {
		m.Suspended = types.BoolNull()
	}
	if m.TotalParticipantCount.IsUnknown() {
		m.TotalParticipantCount = types.Int64Null()
	}
	if m.ProfilePictureSHA256.IsUnknown() {
		m.ProfilePictureSHA256 = types.StringNull()
	}
}
