package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/d360/terraform-provider-d360/internal/client"
)

func groupState(mode string, participants int64) groupModel {
	return groupModel{
		ID: types.StringValue("Z3JvdXA6MQ"), Subject: types.StringValue("Acme support"), Description: types.StringNull(),
		JoinApprovalMode: types.StringValue(mode), ProfilePictureFile: types.StringNull(), ProfilePictureSHA256: types.StringNull(),
		CreationTimestamp: types.Int64Value(1), Suspended: types.BoolValue(false), TotalParticipantCount: types.Int64Value(participants),
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "update": types.StringType, "delete": types.StringType,
		})},
	}
}

func groupModifyPlan(t *testing.T, state, plan groupModel) *resource.ModifyPlanResponse {
	t.Helper()
	ctx := context.Background()
	r := &groupResource{}
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
	return resp
}

// A join_approval_mode change replaces the group: the plan warns with the
// group's name and the participants the replacement removes.
func TestGroupModifyPlanWarnsBeforeReplacingAGroupWithParticipants(t *testing.T) {
	state := groupState(client.JoinApprovalAuto, 6)
	plan := state
	plan.JoinApprovalMode = types.StringValue(client.JoinApprovalRequired)
	w := groupModifyPlan(t, state, plan).Diagnostics.Warnings()
	if len(w) != 1 || w[0].Summary() != `Replacing group "Acme support" removes its 6 participant(s)` ||
		!strings.Contains(w[0].Detail(), `keep join_approval_mode = "auto_approve"`) || !strings.Contains(w[0].Detail(), "Z3JvdXA6MQ") {
		t.Fatalf("warnings %v", w)
	}

	for name, tc := range map[string]struct{ state, plan groupModel }{
		"no participants": {groupState(client.JoinApprovalAuto, 0), groupState(client.JoinApprovalRequired, 0)},
		"no replacement":  {groupState(client.JoinApprovalAuto, 6), groupState(client.JoinApprovalAuto, 6)},
	} {
		if d := groupModifyPlan(t, tc.state, tc.plan).Diagnostics; len(d) != 0 {
			t.Errorf("%s: diagnostics %v", name, d)
		}
	}
}

// The replacement warning reads the participant count the refresh already
// stored: planning the replacement costs the refresh's one read, no more.
func TestAccGroup_replacementPlanCostsOnlyTheRefresh(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	subject := randomName(t)
	var id string
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []tfresource.TestStep{
			{
				Config:            env.config(groupConfig(subject, `  join_approval_mode = "auto_approve"`)),
				ConfigStateChecks: []statecheck.StateCheck{captureAttr("d360_group.test", "id", &id)},
			},
			{
				PreConfig: func() {
					requestToJoin(t, em, id, userAlice, userBob)
					em.ResetCounters()
				},
				Config: env.config(groupConfig(subject, `  join_approval_mode = "approval_required"`)),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionDestroyBeforeCreate),
						planCheckFunc(func() error {
							if c := em.CallCounts(); em.TotalCalls() != 1 || c["groups.get"] != 1 {
								return fmt.Errorf("refresh and plan made calls %v, want one groups.get", c)
							}
							return nil
						}),
					},
				},
			},
		},
	})
}
