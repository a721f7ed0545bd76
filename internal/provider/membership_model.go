package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

type groupMembershipModel struct {
	ID                  types.String   `tfsdk:"id"`
	GroupID             types.String   `tfsdk:"group_id"`
	Approve             types.Set      `tfsdk:"approve"`
	RejectUnlisted      types.Bool     `tfsdk:"reject_unlisted"`
	RemoveUnlisted      types.Bool     `tfsdk:"remove_unlisted"`
	JoinApprovalMode    types.String   `tfsdk:"join_approval_mode"`
	Participants        types.Set      `tfsdk:"participants"`
	ParticipantDetails  types.List     `tfsdk:"participant_details"`
	PendingJoinRequests types.List     `tfsdk:"pending_join_requests"`
	PlannedApprovals    types.Set      `tfsdk:"planned_approvals"`
	PlannedRejections   types.Set      `tfsdk:"planned_rejections"`
	PlannedRemovals     types.Set      `tfsdk:"planned_removals"`
	LastReconciled      types.Object   `tfsdk:"last_reconciled"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

var (
	joinRequestObjectType = types.ObjectType{AttrTypes: joinRequestAttrTypes}

	participantDetailAttrTypes = map[string]attr.Type{
		"id":             types.StringType,
		"wa_id":          types.StringType,
		"user_id":        types.StringType,
		"parent_user_id": types.StringType,
		"username":       types.StringType,
	}
	participantDetailObjectType = types.ObjectType{AttrTypes: participantDetailAttrTypes}

	reconcileFailureAttrTypes = map[string]attr.Type{
		"wa_id":   types.StringType,
		"action":  types.StringType,
		"code":    types.Int64Type,
		"message": types.StringType,
	}
	reconcileFailureObjectType = types.ObjectType{AttrTypes: reconcileFailureAttrTypes}

	lastReconciledAttrTypes = map[string]attr.Type{
		"approved": types.SetType{ElemType: types.StringType},
		"rejected": types.SetType{ElemType: types.StringType},
		"removed":  types.SetType{ElemType: types.StringType},
		"skipped":  types.SetType{ElemType: types.StringType},
		"failures": types.ListType{ElemType: reconcileFailureObjectType},
	}
)

// policy returns the declared policy, or false when part of it is only
// known after apply (so the work cannot be planned yet).
func (m groupMembershipModel) policy(ctx context.Context) (membershipPolicy, bool, diag.Diagnostics) {
	if m.Approve.IsUnknown() || hasUnknownElements(m.Approve) || m.RejectUnlisted.IsUnknown() || m.RemoveUnlisted.IsUnknown() {
		return membershipPolicy{}, false, nil
	}
	approve, diags := stringsOf(ctx, m.Approve)
	if diags.HasError() {
		return membershipPolicy{}, false, diags
	}
	return newMembershipPolicy(approve, m.RejectUnlisted.ValueBool(), m.RemoveUnlisted.ValueBool()), true, diags
}

// live rebuilds the group's membership from a refreshed state, or returns
// false when the state does not hold it.
func (m groupMembershipModel) live(ctx context.Context) (liveMembership, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !isKnown(m.Participants) || !isKnown(m.PendingJoinRequests) || m.JoinApprovalMode.IsNull() || m.JoinApprovalMode.IsUnknown() {
		return liveMembership{}, false, diags
	}
	live := liveMembership{mode: m.JoinApprovalMode.ValueString(), people: map[string]userIdentity{}}
	live.participants, diags = stringsOf(ctx, m.Participants)
	if isKnown(m.ParticipantDetails) {
		var details []participantDetailModel
		diags.Append(m.ParticipantDetails.ElementsAs(ctx, &details, false)...)
		for _, d := range details {
			live.people[d.ID.ValueString()] = userIdentity{waID: d.WaID.ValueString(), userID: d.UserID.ValueString(),
				parentUserID: d.ParentUserID.ValueString(), username: d.Username.ValueString()}
		}
	}
	var reqs []joinRequestModel
	diags.Append(m.PendingJoinRequests.ElementsAs(ctx, &reqs, false)...)
	for _, q := range reqs {
		live.requests = append(live.requests, client.JoinRequest{
			ID: q.JoinRequestID.ValueString(), WaID: q.WaID.ValueString(), UserID: q.UserID.ValueString(),
			ParentUserID: q.ParentUserID.ValueString(), Username: q.Username.ValueString(),
			CreationTimestamp: client.FlexInt64(q.CreationTimestamp.ValueInt64()),
		})
	}
	return live, !diags.HasError(), diags
}

type joinRequestModel struct {
	JoinRequestID     types.String `tfsdk:"join_request_id"`
	WaID              types.String `tfsdk:"wa_id"`
	UserID            types.String `tfsdk:"user_id"`
	ParentUserID      types.String `tfsdk:"parent_user_id"`
	Username          types.String `tfsdk:"username"`
	CreationTimestamp types.Int64  `tfsdk:"creation_timestamp"`
}

type participantDetailModel struct {
	ID           types.String `tfsdk:"id"`
	WaID         types.String `tfsdk:"wa_id"`
	UserID       types.String `tfsdk:"user_id"`
	ParentUserID types.String `tfsdk:"parent_user_id"`
	Username     types.String `tfsdk:"username"`
}

// participantDetails lists every identifier of each participant, in the
// order of participants.
func participantDetails(live liveMembership) types.List {
	elems := make([]attr.Value, 0, len(live.participants))
	for _, p := range live.participants {
		u, ok := live.people[p]
		if !ok {
			u = userIdentity{waID: p}
		}
		values := identityAttrs(u)
		values["id"] = types.StringValue(p)
		values["wa_id"] = types.StringNull()
		if u.waID != "" {
			values["wa_id"] = types.StringValue(liveUserKey(u.waID))
		}
		elems = append(elems, types.ObjectValueMust(participantDetailAttrTypes, values))
	}
	return types.ListValueMust(participantDetailObjectType, elems)
}

// setLive stores what the API reports.
func (m *groupMembershipModel) setLive(live liveMembership) {
	m.JoinApprovalMode = types.StringValue(live.mode)
	m.Participants = stringSet(live.participants)
	m.ParticipantDetails = participantDetails(live)
	m.PendingJoinRequests = joinRequestList(live.requests)
}

// setPlanned stores the work a plan shows.
func (m *groupMembershipModel) setPlanned(w membershipWork) {
	m.PlannedApprovals = stringSet(w.approvalIDs())
	m.PlannedRejections = stringSet(w.rejectionIDs())
	m.PlannedRemovals = stringSet(w.removalIDs())
}

// clearPlanned empties the planned work: a refresh describes the group as it
// is, and the plan that follows computes the work afresh.
func (m *groupMembershipModel) clearPlanned() { m.setPlanned(membershipWork{}) }

func (m *groupMembershipModel) unknownPlanned() {
	m.PlannedApprovals = types.SetUnknown(types.StringType)
	m.PlannedRejections = types.SetUnknown(types.StringType)
	m.PlannedRemovals = types.SetUnknown(types.StringType)
}

// unknownResults marks what an apply rewrites from the API.
func (m *groupMembershipModel) unknownResults() {
	m.Participants = types.SetUnknown(types.StringType)
	m.ParticipantDetails = types.ListUnknown(participantDetailObjectType)
	m.PendingJoinRequests = types.ListUnknown(joinRequestObjectType)
	m.LastReconciled = types.ObjectUnknown(lastReconciledAttrTypes)
}

// deferUnlistedWork empties planned_rejections and planned_removals when the
// plan could not know them, so that the apply rejects and removes nobody,
// and returns the actions so deferred. Approvals are not deferred: they only
// ever admit users listed in approve.
func (m *groupMembershipModel) deferUnlistedWork() []string {
	var deferred []string
	if m.PlannedRejections.IsUnknown() {
		m.PlannedRejections = stringSet(nil)
		deferred = append(deferred, actionReject)
	}
	if m.PlannedRemovals.IsUnknown() {
		m.PlannedRemovals = stringSet(nil)
		deferred = append(deferred, actionRemove)
	}
	return deferred
}

// plannedSets returns the users a plan showed per action; nil for an action
// the plan could not know.
func (m groupMembershipModel) plannedSets(ctx context.Context) (approvals, rejections, removals map[string]bool, diags diag.Diagnostics) {
	one := func(s types.Set) map[string]bool {
		if !isKnown(s) {
			return nil
		}
		ids, d := stringsOf(ctx, s)
		diags.Append(d...)
		return keySet(ids)
	}
	return one(m.PlannedApprovals), one(m.PlannedRejections), one(m.PlannedRemovals), diags
}

// setOutcome records what an apply did.
func (m *groupMembershipModel) setOutcome(o membershipOutcome) {
	failures := make([]attr.Value, 0, len(o.failures))
	for _, f := range o.failures {
		failures = append(failures, types.ObjectValueMust(reconcileFailureAttrTypes, map[string]attr.Value{
			"wa_id":   types.StringValue(f.user),
			"action":  types.StringValue(f.action),
			"code":    types.Int64Value(int64(f.err.Code)),
			"message": types.StringValue(f.message()),
		}))
	}
	m.LastReconciled = types.ObjectValueMust(lastReconciledAttrTypes, map[string]attr.Value{
		"approved": stringSet(o.approved),
		"rejected": stringSet(o.rejected),
		"removed":  stringSet(o.removed),
		"skipped":  stringSet(o.skipped),
		"failures": types.ListValueMust(reconcileFailureObjectType, failures),
	})
}

// defaultFlags fills the booleans an import leaves null with their defaults.
func (m *groupMembershipModel) defaultFlags() {
	if m.RejectUnlisted.IsNull() {
		m.RejectUnlisted = types.BoolValue(false)
	}
	if m.RemoveUnlisted.IsNull() {
		m.RemoveUnlisted = types.BoolValue(false)
	}
}

func stringSet(ids []string) types.Set {
	elems := make([]attr.Value, 0, len(ids))
	for _, id := range ids {
		elems = append(elems, types.StringValue(id))
	}
	return types.SetValueMust(types.StringType, elems)
}

func stringsOf(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	var out []string
	diags := s.ElementsAs(ctx, &out, false)
	return out, diags
}

// knownStrings returns the known elements of a set that may hold unknown
// ones (none when the set itself is null or unknown).
func knownStrings(s types.Set) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	for _, e := range s.Elements() {
		if v, ok := e.(types.String); ok && !v.IsUnknown() && !v.IsNull() {
			out = append(out, v.ValueString())
		}
	}
	return out
}

// mayBeTrue reports whether b is true or only known after apply.
func mayBeTrue(b types.Bool) bool { return b.IsUnknown() || b.ValueBool() }

// hasUnknownElements reports whether a set holds values known only after
// apply, such as an id another resource creates.
func hasUnknownElements(s types.Set) bool {
	for _, e := range s.Elements() {
		if e.IsUnknown() {
			return true
		}
	}
	return false
}

// isKnown reports whether a collection holds a usable value.
func isKnown(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }
