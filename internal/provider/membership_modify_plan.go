package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// ModifyPlan computes the exact work of the next apply.
//
// For an existing resource the work comes from the refreshed state (which
// holds the live participants and join requests) and the configured policy,
// without calling the API. Terraform plans again right before applying and
// requires the same known values, which this guarantees. The refresh empties
// planned_*, so whenever there is work the plan shows it as a change:
// `planned_removals = [ + "15550100009" ]`; with no work and no configuration
// change the plan is empty. After an apply the state keeps the work it did in
// planned_* (Terraform requires the applied values to match the plan) until
// the next refresh; a plan without refresh does not turn that record into a
// change.
//
// A plan that creates the resource has no refreshed state: the live group
// read now could differ from the one read right before applying, so the
// planned_* values stay unknown there and a warning reports the work as of
// planning instead. Creating never removes anyone (removals always go
// through a plan that lists them), so that warning only announces the
// removals the next plan will list.
func (r *groupMembershipResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: the group is left as it is
	}
	var plan groupMembershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	policy, policyKnown, diags := plan.policy(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	var state groupMembershipModel
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if req.State.Raw.IsNull() || !plan.GroupID.Equal(state.GroupID) {
		r.planCreate(ctx, &plan, policy, policyKnown, &resp.Diagnostics)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		}
		return
	}

	// An existing resource: everything the API reports stays as refreshed
	// unless this plan changes something.
	if sameUsers(ctx, plan.Approve, state.Approve) {
		// Only the spelling changed ("+1 555 010 0001" for "15550100001"):
		// Terraform accepts the prior value for an equivalent configuration,
		// so there is no diff.
		plan.Approve = state.Approve
	}
	plan.ID = state.ID
	plan.JoinApprovalMode = state.JoinApprovalMode
	plan.Participants = state.Participants
	plan.ParticipantDetails = state.ParticipantDetails
	plan.PendingJoinRequests = state.PendingJoinRequests
	plan.LastReconciled = state.LastReconciled
	live, liveKnown, diags := state.live(ctx)
	resp.Diagnostics.Append(diags...)
	var work *membershipWork
	if liveKnown && policyKnown {
		w := planMembership(live, policy)
		work = &w
		warnIneffectiveRejections(plan, &resp.Diagnostics)
		warnRemovals(plan.GroupID.ValueString(), w, &resp.Diagnostics)
	}
	if work == nil && liveKnown {
		deferUnlistableWork(plan, live, resp)
	}
	switch {
	case work == nil:
		plan.unknownPlanned()
	case work.empty():
		// Right after an apply (before any refresh) the state records the
		// work that apply did. With nothing left to do that record is no
		// reason for a change.
		plan.PlannedApprovals = state.PlannedApprovals
		plan.PlannedRejections = state.PlannedRejections
		plan.PlannedRemovals = state.PlannedRemovals
	default:
		plan.setPlanned(*work)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() || resp.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	// A change: the planned work is exactly this plan's (never an old
	// record), and the apply reads the group again after its work.
	if work != nil {
		plan.setPlanned(*work)
	}
	plan.unknownResults()
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// deferUnlistableWork handles an update whose policy is only known at apply
// (approve, remove_unlisted or reject_unlisted depends on values known only
// after apply), so the plan cannot list the work. Terraform plans such a
// resource again at apply time with the final values and hands that plan to
// Update, so an update would do work this plan never showed. Removal is
// irreversible and must be listed in the plan being applied: when the policy
// could remove someone, the resource is replaced instead, and creating it
// removes nobody; the next plan lists the removals. Join requests are
// decided as on creation, and a warning lists them as of this plan.
func deferUnlistableWork(plan groupMembershipModel, live liveMembership, resp *resource.ModifyPlanResponse) {
	// Users named by the known entries of approve are kept whatever the
	// unknown values turn out to be; everyone else may be affected.
	known := newMembershipPolicy(knownStrings(plan.Approve), true, true)
	possible := planMembership(live, known)
	groupID := plan.GroupID.ValueString()
	unknownAttr := path.Root("approve")
	if !plan.Approve.IsUnknown() && !hasUnknownElements(plan.Approve) {
		unknownAttr = path.Root("remove_unlisted")
	}
	if ids := possible.removalIDs(); len(ids) > 0 && mayBeTrue(plan.RemoveUnlisted) {
		resp.RequiresReplace = append(resp.RequiresReplace, unknownAttr)
		resp.Diagnostics.AddAttributeWarning(path.Root("planned_removals"), "Removals deferred to the next plan",
			fmt.Sprintf("%s is not known until apply, so this plan cannot list whom remove_unlisted would remove from group %s. "+
				"Nobody is removed without being listed in the plan being applied, so the membership policy is replaced instead of "+
				"updated: replacing it changes nothing on the group by itself and, like creating it, removes nobody.\n\n"+
				"Participants the known entries of approve do not name: %s. The next plan lists the removals in planned_removals.",
				unknownAttr, groupID, strings.Join(ids, ", ")))
	}
	if ids := possible.rejectionIDs(); len(ids) > 0 && mayBeTrue(plan.RejectUnlisted) {
		resp.Diagnostics.AddAttributeWarning(path.Root("planned_rejections"), "Join requests decided at apply time",
			fmt.Sprintf("The membership policy of group %s is not known until apply, so this plan cannot list whose join requests "+
				"reject_unlisted rejects. As of this plan, the apply rejects the pending requests of these users unless approve names them: %s.",
				groupID, strings.Join(ids, ", ")))
	}
}

// planCreate plans a new resource (or the replacement for another group).
// When the group exists already, it is read once so that a wrong group id
// fails at plan time and the reviewer sees the work the apply is going to do.
func (r *groupMembershipResource) planCreate(ctx context.Context, plan *groupMembershipModel, policy membershipPolicy, policyKnown bool, diags *diag.Diagnostics) {
	plan.ID = plan.GroupID
	plan.JoinApprovalMode = types.StringUnknown()
	plan.unknownPlanned()
	plan.unknownResults()
	if plan.GroupID.IsUnknown() || r.data == nil {
		return // the group is created in this apply, or the provider is not configured yet
	}
	groupID := plan.GroupID.ValueString()
	live, err := readLiveMembership(ctx, r.data.client, groupID)
	if client.IsNotFound(err) {
		diags.AddAttributeError(path.Root("group_id"), "Group not found",
			fmt.Sprintf("The group %s does not exist or the business is not a member of it.\n\n%s", groupID, describeError(err)))
		return
	}
	if err != nil {
		diags.Append(apiErrorDiag(fmt.Sprintf("Unable to read the members of group %s", groupID), err))
		return
	}
	// The approval mode cannot change for a given group, so it is safe to
	// plan it as known.
	plan.JoinApprovalMode = types.StringValue(live.mode)
	warnIneffectiveRejections(*plan, diags)
	if !policyKnown {
		return
	}
	work := planMembership(live, policy)
	if work.empty() {
		return
	}
	var lines []string
	for _, part := range []struct {
		verb string
		ids  []string
	}{{"approve", work.approvalIDs()}, {"reject", work.rejectionIDs()}} {
		if len(part.ids) > 0 {
			lines = append(lines, fmt.Sprintf("  - %s %d: %s", part.verb, len(part.ids), strings.Join(part.ids, ", ")))
		}
	}
	if len(lines) > 0 {
		diags.AddWarning("The new membership policy changes the group's members",
			fmt.Sprintf("Creating this resource decides pending join requests of group %s. As of this plan, the apply would:\n%s\n\n"+
				"The apply decides the requests pending when it runs, so requests made in the meantime are included. After creation, "+
				"every plan lists the exact work in planned_approvals and planned_rejections, and the apply does only that.",
				groupID, strings.Join(lines, "\n")))
	}
	if ids := work.removalIDs(); len(ids) > 0 {
		diags.AddAttributeWarning(path.Root("remove_unlisted"), fmt.Sprintf("%d participant(s) are not listed in approve", len(ids)),
			fmt.Sprintf("remove_unlisted is set and these participants of group %s are not listed in approve: %s.\n\n"+
				"Creating the resource removes nobody: removal is irreversible (a removed user can never rejoin through the invite link), "+
				"so removals only happen when the plan being applied lists them. The next plan lists them in planned_removals for review.",
				groupID, strings.Join(ids, ", ")))
	}
}

// warnIneffectiveRejections explains that reject_unlisted does nothing on a
// group where users join without asking.
func warnIneffectiveRejections(m groupMembershipModel, diags *diag.Diagnostics) {
	if !m.RejectUnlisted.ValueBool() || m.JoinApprovalMode.ValueString() != client.JoinApprovalAuto {
		return
	}
	diags.AddAttributeWarning(path.Root("reject_unlisted"), "reject_unlisted has no effect on an auto_approve group",
		fmt.Sprintf("Group %s is in auto_approve mode: anyone with the invite link joins without a join request, so there is nothing to reject. "+
			"On such a group, approve only protects participants from remove_unlisted. To admit only listed users, create the group with "+
			"join_approval_mode = \"approval_required\" (which replaces it), or use remove_unlisted, knowing that removed users can never rejoin.",
			m.GroupID.ValueString()))
}

// warnRemovals repeats the irreversible part of a plan where no reviewer can
// miss it.
func warnRemovals(groupID string, work membershipWork, diags *diag.Diagnostics) {
	ids := work.removalIDs()
	if len(ids) == 0 {
		return
	}
	diags.AddAttributeWarning(path.Root("planned_removals"), fmt.Sprintf("This apply removes %d participant(s) from the group", len(ids)),
		fmt.Sprintf("remove_unlisted removes these participants of group %s, who are not listed in approve: %s.\n\n"+
			"Removed users can never rejoin the group through its invite link. Add them to approve to keep them.",
			groupID, strings.Join(ids, ", ")))
}

// sameUsers reports whether two known, non-null sets of WhatsApp ids name the
// same users, however they are spelled.
func sameUsers(ctx context.Context, a, b types.Set) bool {
	if !isKnown(a) || !isKnown(b) || hasUnknownElements(a) || hasUnknownElements(b) || a.Equal(b) {
		return false
	}
	as, d1 := stringsOf(ctx, a)
	bs, d2 := stringsOf(ctx, b)
	if d1.HasError() || d2.HasError() {
		return false
	}
	return maps.Equal(newMembershipPolicy(as, false, false).approve, newMembershipPolicy(bs, false, false).approve)
}
