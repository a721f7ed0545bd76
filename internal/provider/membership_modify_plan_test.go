package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// refreshedMembership is a state as Read leaves it.
func refreshedMembership(mode string, approve []string, participants ...string) groupMembershipModel {
	m := groupMembershipModel{
		ID:             types.StringValue("g1"),
		GroupID:        types.StringValue("g1"),
		Approve:        stringSet(approve),
		RejectUnlisted: types.BoolValue(false),
		RemoveUnlisted: types.BoolValue(false),
		LastReconciled: types.ObjectNull(lastReconciledAttrTypes),
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "update": types.StringType,
		})},
	}
	m.setLive(liveMembership{mode: mode, participants: participants})
	m.clearPlanned()
	return m
}

// modifyPlan runs ModifyPlan on an existing resource whose configuration is
// plan (as Terraform proposes it: computed values copied from the state).
func modifyPlan(t *testing.T, state, plan groupMembershipModel) (groupMembershipModel, *resource.ModifyPlanResponse, bool) {
	t.Helper()
	ctx := context.Background()
	r := &groupMembershipResource{}
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)
	req := resource.ModifyPlanRequest{State: tfsdk.State{Schema: sch.Schema}, Plan: tfsdk.Plan{Schema: sch.Schema}}
	if d := req.State.Set(ctx, &state); d.HasError() {
		t.Fatal(d)
	}
	if d := req.Plan.Set(ctx, &plan); d.HasError() {
		t.Fatal(d)
	}
	resp := &resource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(ctx, req, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	var out groupMembershipModel
	if d := resp.Plan.Get(ctx, &out); d.HasError() {
		t.Fatal(d)
	}
	return out, resp, resp.Plan.Raw.Equal(req.State.Raw)
}

func TestModifyPlanWarnsAboutRejectionsOnAutoApproveGroups(t *testing.T) {
	state := refreshedMembership(client.JoinApprovalAuto, []string{"15550100001"}, "15550100001")
	state.RejectUnlisted = types.BoolValue(true)
	_, resp, unchanged := modifyPlan(t, state, state)
	if !unchanged {
		t.Error("nothing to do must plan no change")
	}
	w := resp.Diagnostics.Warnings()
	if len(w) != 1 || !strings.Contains(w[0].Summary(), "reject_unlisted has no effect on an auto_approve group") ||
		!strings.Contains(w[0].Detail(), "approve only protects participants from remove_unlisted") {
		t.Fatalf("warnings %v", w)
	}

	// The same policy on a group that has join requests is fine.
	state = refreshedMembership(client.JoinApprovalRequired, nil)
	state.RejectUnlisted = types.BoolValue(true)
	if _, resp, _ := modifyPlan(t, state, state); len(resp.Diagnostics.Warnings()) != 0 {
		t.Errorf("unexpected warnings %v", resp.Diagnostics)
	}
}

func TestModifyPlanListsRemovals(t *testing.T) {
	state := refreshedMembership(client.JoinApprovalAuto, []string{"+1 555 010 0001"}, "15550100001", "15550100009", "15550100008")
	plan := state
	plan.RemoveUnlisted = types.BoolValue(true)
	got, resp, unchanged := modifyPlan(t, state, plan)
	if unchanged {
		t.Fatal("a removal must be a change")
	}
	ids, _ := stringsOf(context.Background(), got.PlannedRemovals)
	expectIDs(t, "planned_removals", ids, []string{"15550100008", "15550100009"})
	if !got.Participants.IsUnknown() || !got.PendingJoinRequests.IsUnknown() || !got.LastReconciled.IsUnknown() {
		t.Error("what the apply reads back must be unknown in the plan")
	}
	w := resp.Diagnostics.Warnings()
	if len(w) != 1 || !strings.Contains(w[0].Detail(), "15550100008, 15550100009") || !strings.Contains(w[0].Detail(), "can never rejoin") {
		t.Fatalf("warnings %v", w)
	}
}

func TestModifyPlanIgnoresRespelling(t *testing.T) {
	state := refreshedMembership(client.JoinApprovalAuto, []string{"+1 (555) 010-0001", "15550100002"}, "15550100001")
	plan := state
	plan.Approve = stringSet([]string{"15550100001", "+1 555 010 0002"})
	got, _, unchanged := modifyPlan(t, state, plan)
	if !unchanged || !got.Approve.Equal(state.Approve) {
		t.Errorf("respelling planned approve %v (unchanged %v), want the state's spelling", got.Approve, unchanged)
	}

	plan.Approve = stringSet([]string{"15550100001"})
	if _, _, unchanged := modifyPlan(t, state, plan); unchanged {
		t.Error("a different list must be a change")
	}
}

// Right after an apply the state records the work done; with nothing left to
// do, a plan without refresh must not turn that record into a change.
func TestModifyPlanKeepsTheLastApplysRecord(t *testing.T) {
	state := refreshedMembership(client.JoinApprovalRequired, []string{"15550100001"}, "15550100001")
	state.PlannedApprovals = stringSet([]string{"15550100001"})
	got, _, unchanged := modifyPlan(t, state, state)
	if !unchanged {
		t.Errorf("plan %+v differs from the state", got)
	}

	// Once something else changes, the plan shows this plan's work only.
	plan := state
	plan.RejectUnlisted = types.BoolValue(true)
	got, _, _ = modifyPlan(t, state, plan)
	if n := len(got.PlannedApprovals.Elements()); n != 0 {
		t.Errorf("planned_approvals carries %d old entries into a new plan", n)
	}
}

func TestValidateConfigWarnsAboutTheSameUserTwice(t *testing.T) {
	ctx := context.Background()
	r := &groupMembershipResource{}
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)
	// Valid numbers: the check of numbers against their country code stays quiet.
	m := refreshedMembership(client.JoinApprovalRequired, []string{"+1 415 555 2671", "14155552671", "14155552672"})
	plan := tfsdk.Plan{Schema: sch.Schema}
	if d := plan.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	resp := &resource.ValidateConfigResponse{}
	r.ValidateConfig(ctx, resource.ValidateConfigRequest{Config: tfsdk.Config{Schema: sch.Schema, Raw: plan.Raw}}, resp)
	w := resp.Diagnostics.Warnings()
	if len(w) != 1 || !strings.Contains(w[0].Detail(), `14155552671 2 times ("+1 415 555 2671", "14155552671")`) {
		t.Fatalf("warnings %v", resp.Diagnostics)
	}
}

// An update whose approve is only known at apply cannot list the removals,
// and Terraform plans it again at apply time with the final values: when
// someone could be removed, the policy is replaced (creating removes nobody)
// instead of updated.
func TestModifyPlanReplacesWhenRemovalsCannotBeListed(t *testing.T) {
	state := refreshedMembership(client.JoinApprovalRequired, []string{"15550100001"}, "15550100001", "15550100003")
	state.PendingJoinRequests = joinRequestList([]client.JoinRequest{{ID: "r5", WaID: "15550100005", CreationTimestamp: 1}})
	unknownApprove := types.SetValueMust(types.StringType, []attr.Value{types.StringValue("+1 555 010 0001"), types.StringUnknown()})
	replaced := func(resp *resource.ModifyPlanResponse) bool {
		return len(resp.RequiresReplace) == 1 && resp.RequiresReplace[0].String() == "approve"
	}

	plan := state
	plan.Approve = unknownApprove
	plan.RemoveUnlisted = types.BoolValue(true)
	got, resp, _ := modifyPlan(t, state, plan)
	if !replaced(resp) || !got.PlannedRemovals.IsUnknown() {
		t.Fatalf("requires replace %v, planned_removals %v; want a replacement", resp.RequiresReplace, got.PlannedRemovals)
	}
	w := resp.Diagnostics.Warnings()
	if len(w) != 1 || w[0].Summary() != "Removals deferred to the next plan" || !strings.Contains(w[0].Detail(), "do not name: 15550100003.") {
		t.Fatalf("warnings %v", w)
	}

	// Nobody to remove whatever approve turns out to be: an update.
	plan.Approve = types.SetValueMust(types.StringType, []attr.Value{
		types.StringValue("15550100001"), types.StringValue("15550100003"), types.StringUnknown(),
	})
	if _, resp, _ := modifyPlan(t, state, plan); len(resp.RequiresReplace) != 0 {
		t.Errorf("requires replace %v with nobody to remove", resp.RequiresReplace)
	}

	// Without remove_unlisted only join requests are decided; a warning
	// lists them as of planning, as when creating.
	plan.Approve = unknownApprove
	plan.RemoveUnlisted = types.BoolValue(false)
	plan.RejectUnlisted = types.BoolValue(true)
	_, resp, _ = modifyPlan(t, state, plan)
	w = resp.Diagnostics.Warnings()
	if len(resp.RequiresReplace) != 0 || len(w) != 1 || !strings.Contains(w[0].Detail(), "unless approve names them: 15550100005.") {
		t.Errorf("requires replace %v, warnings %v", resp.RequiresReplace, w)
	}

	// remove_unlisted itself known only at apply.
	plan.Approve = state.Approve
	plan.RejectUnlisted = types.BoolValue(false)
	plan.RemoveUnlisted = types.BoolUnknown()
	if _, resp, _ := modifyPlan(t, state, plan); len(resp.RequiresReplace) != 1 || resp.RequiresReplace[0].String() != "remove_unlisted" {
		t.Errorf("requires replace %v, want remove_unlisted", resp.RequiresReplace)
	}
}

// An apply whose plan could not know the rejections and removals does none
// of them.
func TestDeferUnlistedWork(t *testing.T) {
	m := refreshedMembership(client.JoinApprovalRequired, nil, "15550100003")
	m.unknownPlanned()
	deferred := m.deferUnlistedWork()
	if strings.Join(deferred, ",") != "reject,remove" || len(m.PlannedRemovals.Elements()) != 0 || len(m.PlannedRejections.Elements()) != 0 ||
		!m.PlannedApprovals.IsUnknown() {
		t.Fatalf("deferred %v, model %+v", deferred, m)
	}
	var diags diag.Diagnostics
	warnDeferred("g1", membershipWork{remove: []string{"15550100003"}}, deferred, &diags)
	if len(diags) != 1 || diags[0].Summary() != "Removals deferred to the next plan" || !strings.Contains(diags[0].Detail(), "left these users alone: 15550100003.") {
		t.Fatalf("diagnostics %v", diags)
	}
	if m := refreshedMembership(client.JoinApprovalRequired, nil); len(m.deferUnlistedWork()) != 0 {
		t.Error("known planned work must not be deferred")
	}
}
