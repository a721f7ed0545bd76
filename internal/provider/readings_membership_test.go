package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// Join requests listed without a documented `limit`: the API refuses the
// parameter and picks its own page size (2 here), and answers the mode as a
// boolean. The membership still sees and approves every request.
func TestAccReadings_joinRequestsWithoutLimit(t *testing.T) {
	env := newAccEnv(t, func(o *emulator.Options) {
		o.Dialect = emulator.Dialect{JoinRequestsPageSize: 2, JoinRequestsRefuseLimit: true, JoinApprovalModeBool: true}
	})
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "approval_required")
	requestToJoin(t, em, groupID, userAlice, userBob, userCarol, userDave, userErin)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(membershipConfig(groupID, `  approve = ["15550100001", "15550100002", "15550100003", "15550100004"]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("join_approval_mode", knownvalue.StringExact("approval_required")),
					expectMembership("participants", userSet(userAlice, userBob, userCarol, userDave)),
					expectMembership("pending_join_requests", knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue(membershipAddr, tfjsonpath.New("pending_join_requests").AtSliceIndex(0).AtMapKey("wa_id"), knownvalue.StringExact(userErin)),
				},
			},
		},
	})
}

// A removal answered with only a request id whose failure the API reports
// by webhook (issue 13 item 10): the apply re-reads, reports the user it
// could not remove instead of claiming success, keeps the removal planned,
// and does not wait out its timeout.
func TestAccReadings_removalFailureReportedLater(t *testing.T) {
	env := newAccEnv(t, func(o *emulator.Options) {
		o.MaxParticipants = 20
		o.Dialect = emulator.Dialect{RemovalsReportedLater: true}
	})
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "auto_approve")
	requestToJoin(t, em, groupID, userAlice, userBob, userCarol)
	em.FailRemovalsOf(userCarol)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(membershipConfig(groupID, `  approve = ["15550100001"]`)),
			},
			{
				Config: env.config(membershipConfig(groupID, "  approve         = [\"15550100001\"]\n  remove_unlisted = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectPlanned("planned_removals", userSet(userBob, userCarol))},
				},
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("participants", userSet(userAlice, userCarol)),
					expectReconciled("removed", userSet(userBob)),
					statecheck.ExpectKnownValue(membershipAddr, tfjsonpath.New("last_reconciled").AtMapKey("failures").AtSliceIndex(0).AtMapKey("wa_id"),
						knownvalue.StringExact(userCarol)),
					statecheck.ExpectKnownValue(membershipAddr, tfjsonpath.New("last_reconciled").AtMapKey("failures").AtSliceIndex(0).AtMapKey("message"),
						knownvalue.StringRegexp(regexp.MustCompile(`Not removed.*webhook`))),
				},
			},
		},
	})
}
