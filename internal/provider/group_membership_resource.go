package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	_ resource.ResourceWithConfigure      = (*groupMembershipResource)(nil)
	_ resource.ResourceWithImportState    = (*groupMembershipResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*groupMembershipResource)(nil)
	_ resource.ResourceWithValidateConfig = (*groupMembershipResource)(nil)
)

// NewGroupMembershipResource is the constructor of d360_group_membership.
func NewGroupMembershipResource() resource.Resource { return &groupMembershipResource{} }

// groupMembershipResource keeps a group's members in line with a declared
// policy. Every refresh reads the group; every plan computes the exact work
// (who is approved, rejected, removed) into the planned_* attributes; every
// apply does that work and nothing else.
type groupMembershipResource struct {
	data *providerData
}

func (r *groupMembershipResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group_membership"
}

func (r *groupMembershipResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	idSet := func(desc string) schema.SetAttribute {
		return schema.SetAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Keeps the membership of a WhatsApp group in line with a declared policy: approves the join requests of " +
			"listed users, optionally rejects everyone else's requests and removes participants who are not listed. " +
			"`terraform plan` lists exactly who would be approved, rejected or removed; `terraform apply` does that and nothing else. " +
			"Destroying the resource changes nothing on the group: it only stops enforcing the policy.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The group id (the same as `group_id`).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"group_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the group whose membership is managed. Changing it replaces the resource (which changes nothing on either group).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), trimmedValidator{}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"approve": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Users admitted to the group, each as an international phone number (or WhatsApp id), a " +
					"business-scoped user id (such as `US.13491208655302741918`) or a username with a leading `@` (`@alice`). " +
					"Pending join requests from them are approved, and they are never removed by `remove_unlisted`. A user matches " +
					"on whichever of these identifiers the API reports for them (`wa_id`, `user_id`, `parent_user_id`, `username`), " +
					"and `planned_approvals` shows the identifier that matched. In phone numbers `+`, spaces, dashes, dots and parentheses " +
					"are ignored, so `+1 (555) 010-0001` and `15550100001` name the same user; numbers must include the country code, " +
					"and a trunk prefix `(0)` after it is dropped (`+49 (0)151 1234567` is `491511234567`). Usernames are not case sensitive.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(userValidator)},
			},
			"reject_unlisted": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Reject pending join requests from users not in `approve`. Defaults to `false`: such requests are left pending. " +
					"Groups in `auto_approve` mode have no join requests, so it has no effect there.",
			},
			"remove_unlisted": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Remove participants not in `approve`. Defaults to `false`. **Removal is irreversible for the user**: a removed " +
					"user can never rejoin the group through its invite link. Every plan lists the users it would remove in `planned_removals`.",
			},
			"join_approval_mode": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The group's join approval mode (`approval_required` or `auto_approve`), as read from the API.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"participants": idSet("The group's participants (the business not included), as of the last refresh or apply: each by phone " +
				"number (WhatsApp id) when the API reports one, otherwise by business-scoped user id."),
			"participant_details": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Every identifier the API reports for each participant, in the order of `participants`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":             schema.StringAttribute{Computed: true, MarkdownDescription: "The participant as listed in `participants`."},
					"wa_id":          schema.StringAttribute{Computed: true, MarkdownDescription: "The participant's WhatsApp id (phone number), when the API reports one."},
					"user_id":        schema.StringAttribute{Computed: true, MarkdownDescription: userIDDescription},
					"parent_user_id": schema.StringAttribute{Computed: true, MarkdownDescription: parentUserIDDescription},
					"username":       schema.StringAttribute{Computed: true, MarkdownDescription: usernameDescription},
				}},
			},
			"pending_join_requests": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Join requests waiting for a decision, oldest first, as of the last refresh or apply. Always empty for `auto_approve` groups.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"join_request_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The join request id."},
					"wa_id": schema.StringAttribute{Computed: true, MarkdownDescription: "WhatsApp id of the user asking to join; the " +
						"business-scoped user id when the API reports no phone number."},
					"user_id":            schema.StringAttribute{Computed: true, MarkdownDescription: userIDDescription},
					"parent_user_id":     schema.StringAttribute{Computed: true, MarkdownDescription: parentUserIDDescription},
					"username":           schema.StringAttribute{Computed: true, MarkdownDescription: usernameDescription},
					"creation_timestamp": schema.Int64Attribute{Computed: true, MarkdownDescription: "When the user asked (Unix seconds)."},
				}},
			},
			"planned_approvals": idSet("Users whose pending join requests the apply of this plan approves, each shown by the identifier " +
				"`approve` matched (phone number digits, business-scoped user id, or `@` and username). A refresh empties it and " +
				"the plan computes it from the live group and the policy, so a plan that shows ids here shows the exact work of the next apply. " +
				"A user who withdraws the request before the apply is skipped; a user who asks to join after the plan waits for the next plan. " +
				"After an apply it records the work done until the next refresh. Unknown in the plan that creates the resource: a warning " +
				"then shows the work as of planning."),
			"planned_rejections": idSet("Users (by phone number, or business-scoped user id when the API reports no number) whose pending join requests the apply of this plan rejects (with `reject_unlisted`). " +
				"Computed like `planned_approvals`."),
			"planned_removals": idSet("The participants (as in `participants`) the apply of this plan removes (with `remove_unlisted`). Computed like " +
				"`planned_approvals`. Removed users can never rejoin through the invite link: review this list before applying. Nobody is removed " +
				"without being listed here in the plan being applied, so creating the resource removes nobody; the first plan after creation lists the removals. " +
				"When the policy is only known at apply, the plan cannot list them: the resource is then replaced instead of updated, which " +
				"removes nobody, and the next plan lists the removals."),
			"last_reconciled": schema.SingleNestedAttribute{
				Computed:            true,
				MarkdownDescription: "What the last apply did.",
				Attributes: map[string]schema.Attribute{
					"approved": idSet("Users whose join requests were approved."),
					"rejected": idSet("Users whose join requests were rejected."),
					"removed":  idSet("Users removed from the group."),
					"skipped":  idSet("Users of the plan who needed nothing anymore at apply time (request withdrawn, user already gone)."),
					"failures": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "Users the API refused to process; the next apply tries them again if the policy still asks for it.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"wa_id":  schema.StringAttribute{Computed: true, MarkdownDescription: "The user."},
							"action": schema.StringAttribute{Computed: true, MarkdownDescription: "`approve`, `reject` or `remove`."},
							"code": schema.Int64Attribute{Computed: true, MarkdownDescription: "The API's error code, such as `131203` (terms not accepted), " +
								"`131204` (group full), `131212` (not a participant) or `131213` (join request does not exist); `0` when the outcome is unknown."},
							"message": schema.StringAttribute{Computed: true, MarkdownDescription: "The API's error title and details."},
						}},
					},
				},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true}),
		},
	}
}

func (r *groupMembershipResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

// ValidateConfig warns about entries of approve that name the same user: a
// set keeps both spellings, which is harmless but usually a mistake.
func (r *groupMembershipResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var approve types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("approve"), &approve)...)
	if resp.Diagnostics.HasError() || !isKnown(approve) || hasUnknownElements(approve) {
		return
	}
	entries, diags := stringsOf(ctx, approve)
	resp.Diagnostics.Append(diags...)
	for id, spellings := range duplicateSpellings(entries) {
		resp.Diagnostics.AddAttributeWarning(path.Root("approve"), "Same user listed more than once",
			fmt.Sprintf("approve lists the user %s %d times (%s). Keep one spelling.", id, len(spellings), quoteAll(spellings)))
	}
	warnImplausibleNumbers(entries, &resp.Diagnostics)
}

func (r *groupMembershipResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan groupMembershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, _, ok := operationTimeout(ctx, plan.Timeouts.Create, r.data.timing.CreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	plan.ID = plan.GroupID
	modeWasKnown := !plan.JoinApprovalMode.IsUnknown()
	// The plan of a creation cannot pin who is removed (see ModifyPlan), and
	// nobody is ever removed without being listed in the plan being applied:
	// the first plan after creation lists the removals instead.
	plan.PlannedRemovals = stringSet(nil)
	if !r.reconcile(ctx, &plan, &resp.Diagnostics, nil) {
		// The group could not be read, so nothing was changed on it and
		// nothing is recorded either: the next plan proposes the creation
		// again.
		return
	}
	if !modeWasKnown {
		// The group was created in this apply, so the plan could not warn.
		warnIneffectiveRejections(plan, &resp.Diagnostics)
	}
	// The work was done, even if part of it failed or the group could not be
	// read afterwards: record it (last_reconciled says what happened). With
	// an error Terraform keeps the resource tainted, and replacing it changes
	// nothing on the group by itself.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *groupMembershipResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state groupMembershipModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID := state.GroupID.ValueString()
	live, err := readLiveMembership(ctx, r.data.client, groupID)
	if client.IsNotFound(err) {
		tflog.Info(ctx, "group no longer exists; removing its membership policy from state", map[string]any{"group_id": groupID})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Unable to read the group's members", err))
		return
	}
	state.ID = state.GroupID
	state.defaultFlags()
	state.setLive(live)
	state.clearPlanned()
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *groupMembershipResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state groupMembershipModel
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

	plan.ID = state.ID
	// Nobody is rejected or removed without being listed in the plan being
	// applied. A plan whose policy is only known at apply replaces the
	// resource when someone could be removed (see ModifyPlan), so unknown
	// planned_* only reach this point when the plan had no refreshed
	// membership to compute them from; that work waits for the next plan.
	deferred := plan.deferUnlistedWork()
	if !r.reconcile(ctx, &plan, &resp.Diagnostics, deferred) {
		return // the group could not be read: the prior state stays
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete only forgets the policy: the group and its members stay as they are.
func (r *groupMembershipResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var groupID types.String
	req.State.GetAttribute(ctx, path.Root("group_id"), &groupID)
	tflog.Info(ctx, "membership policy removed from state; the group is left unchanged", map[string]any{"group_id": groupID.ValueString()})
}

func (r *groupMembershipResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(req.ID)
	if id == "" || id != req.ID {
		resp.Diagnostics.AddError("Invalid import id",
			"Import the membership of a group by the group's id: terraform import d360_group_membership.example <group id>.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("group_id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// reconcile does the work of an apply on m and fills in its computed values.
// It reports false when the group could not be read, so nothing was done and
// m is unchanged. Failures of the work itself are diagnostics: warnings when
// some of it succeeded, errors when none did. deferred names the actions
// whose planned users were unknown and that were therefore left for the next
// plan (see deferUnlistedWork); a warning lists who is waiting.
func (r *groupMembershipResource) reconcile(ctx context.Context, m *groupMembershipModel, diags *diag.Diagnostics, deferred []string) bool {
	groupID := m.GroupID.ValueString()
	api := r.data.client
	live, err := readLiveMembership(ctx, api, groupID)
	if err != nil {
		diags.Append(apiErrorDiag(fmt.Sprintf("Unable to read the members of group %s", groupID), err))
		return false
	}
	policy, _, policyDiags := m.policy(ctx)
	approvals, rejections, removals, plannedDiags := m.plannedSets(ctx)
	diags.Append(policyDiags...)
	diags.Append(plannedDiags...)
	if policyDiags.HasError() || plannedDiags.HasError() {
		return false
	}
	full := planMembership(live, policy)
	work, skipped := full.restrictTo(approvals, rejections, removals)
	warnDeferred(groupID, full, deferred, diags)
	if len(skipped) > 0 {
		tflog.Info(ctx, "users of the plan need nothing anymore; skipping them", map[string]any{"group_id": groupID, "users": skipped})
	}

	out, after, err := newReconciler(api, groupID, r.data.timing).run(ctx, work)
	out.skipped = sortedUnique(append(out.skipped, skipped...))
	if err != nil {
		diags.Append(apiErrorDiag(fmt.Sprintf("Unable to read the members of group %s after changing them", groupID), err))
		after = live // the best knowledge there is; the next refresh corrects it
	}
	m.setLive(after)
	m.setOutcome(out)
	if m.PlannedApprovals.IsUnknown() {
		m.setPlanned(work)
	}
	reportOutcome(groupID, out, diags)
	return true
}

// warnDeferred lists the users whose rejection or removal the policy asks for
// but this apply left alone because its plan could not list them.
func warnDeferred(groupID string, full membershipWork, deferred []string, diags *diag.Diagnostics) {
	for _, action := range deferred {
		ids, attr, summary, done := full.removalIDs(), "planned_removals", "Removals deferred to the next plan", "removed"
		if action == actionReject {
			ids, attr, summary, done = full.rejectionIDs(), "planned_rejections", "Rejections deferred to the next plan", "rejected"
		}
		if len(ids) == 0 {
			continue
		}
		diags.AddAttributeWarning(path.Root(attr), summary,
			fmt.Sprintf("The plan of this apply could not list whom it would %s in group %s. Nobody is %s without being listed "+
				"in the plan being applied, so this apply left these users alone: %s.\n\nThe next plan lists them in %s; review it before applying.",
				action, groupID, done, strings.Join(ids, ", "), attr))
	}
}

// reportOutcome turns per-user failures into diagnostics: warnings when some
// of the work was done (it is kept), an error when none of it was.
func reportOutcome(groupID string, out membershipOutcome, diags *diag.Diagnostics) {
	if len(out.failures) == 0 {
		return
	}
	add := diags.AddWarning
	if out.succeeded() == 0 {
		add = diags.AddError
	}
	for _, action := range []string{actionRemove, actionReject, actionApprove} {
		var lines []string
		var codes []int
		for _, f := range out.failures {
			if f.action != action {
				continue
			}
			code := "outcome unknown"
			if f.err.Code != 0 {
				code = fmt.Sprintf("%d", f.err.Code)
				codes = append(codes, f.err.Code)
			}
			lines = append(lines, fmt.Sprintf("  - %s: %s %s", f.user, code, f.message()))
		}
		if len(lines) == 0 {
			continue
		}
		detail := fmt.Sprintf("The API refused to %s %d user(s) in group %s:\n%s", action, len(lines), groupID, strings.Join(lines, "\n"))
		slices.Sort(codes)
		for _, code := range slices.Compact(codes) { // the same failure always reads the same
			if advice, ok := adviceByCode[code]; ok {
				detail += "\n\n" + fmt.Sprintf("%d: %s", code, advice)
			}
		}
		if out.succeeded() > 0 {
			detail += "\n\nThe rest of the work was done. The next apply tries these users again if the policy still asks for it."
		}
		add(failureSummary(action), detail)
	}
}

func failureSummary(action string) string {
	switch action {
	case actionApprove:
		return "Some join requests could not be approved"
	case actionReject:
		return "Some join requests could not be rejected"
	default:
		return "Some participants could not be removed"
	}
}

func quoteAll(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
