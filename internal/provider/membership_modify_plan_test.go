package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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
	m := refreshedMembership(client.JoinApprovalRequired, []string{"+1 555 010 0001", "15550100001", "15550100002"})
	plan := tfsdk.Plan{Schema: sch.Schema}
	if d := plan.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	resp := &resource.ValidateConfigResponse{}
	r.ValidateConfig(ctx, resource.ValidateConfigRequest{Config: tfsdk.Config{Schema: sch.Schema, Raw: plan.Raw}}, resp)
	w := resp.Diagnostics.Warnings()
	if len(w) != 1 || !strings.Contains(w[0].Detail(), `15550100001 2 times ("+1 555 010 0001", "15550100001")`) {
		t.Fatalf("warnings %v", resp.Diagnostics)
	}
}
