package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// Users with a business-scoped id and no phone number, with both, and with
// a phone number only: approve lists them by any identifier, the plan shows
// which one matched, and neither reject_unlisted nor remove_unlisted touches
// a listed user whatever identifier the list uses.
func TestAccGroupMembership_businessScopedUserIDs(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "approval_required")
	const (
		idOnly   = "US.13491208655302741918" // username alice, no phone number
		both     = "15550100003"             // also US.333, parent US.999
		unlisted = "US.777"
	)
	for _, u := range []emulator.User{
		{UserID: idOnly, Username: "alice"},
		{WaID: both, UserID: "US.333", ParentUserID: "US.999"},
		{UserID: unlisted},
	} {
		if _, err := em.RegisterUser(u); err != nil {
			t.Fatal(err)
		}
	}
	requestToJoin(t, em, groupID, userDave, idOnly, "US.333", unlisted)
	policy := func(body string) string { return env.config(membershipConfig(groupID, body)) }
	detail := func(id, waID, userID, parent, username string) knownvalue.Check {
		opt := func(s string) knownvalue.Check {
			if s == "" {
				return knownvalue.Null()
			}
			return knownvalue.StringExact(s)
		}
		return knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(id), "wa_id": opt(waID),
			"user_id": opt(userID), "parent_user_id": opt(parent), "username": opt(username)})
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: policy(`  approve = []`),
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("pending_join_requests", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"wa_id": knownvalue.StringExact(both),
							"user_id": knownvalue.StringExact("US.333"), "parent_user_id": knownvalue.StringExact("US.999")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"wa_id": knownvalue.StringExact(userDave), "user_id": knownvalue.Null()}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"wa_id": knownvalue.StringExact(idOnly),
							"user_id": knownvalue.StringExact(idOnly), "username": knownvalue.StringExact("alice")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"wa_id": knownvalue.StringExact(unlisted), "username": knownvalue.Null()}),
					})),
				},
			},
			{
				// Dave by phone number, the id-only user by id, and the user
				// with both by id: the plan shows the identifiers that matched.
				Config: policy(`  approve         = ["+1 555 010 0004", "` + idOnly + `", "us.333"]
  reject_unlisted = true`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectPlanned("planned_approvals", userSet(userDave, idOnly, "US.333")),
						expectPlanned("planned_rejections", userSet(unlisted)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("participants", userSet(both, userDave, idOnly)),
					expectMembership("participant_details", knownvalue.ListExact([]knownvalue.Check{
						detail(both, both, "US.333", "US.999", ""),
						detail(userDave, userDave, "", "", ""),
						detail(idOnly, "", idOnly, "", "alice"),
					})),
					expectReconciled("approved", userSet(userDave, idOnly, both)),
					expectReconciled("rejected", userSet(unlisted)),
				},
			},
			{
				// Listed by username and parent id: remove_unlisted keeps
				// them; only a participant no identifier names would go.
				PreConfig: em.ResetCounters,
				Config: policy(`  approve         = ["@Alice", "US.999", "+1 555 010 0004"]
  remove_unlisted = true`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionUpdate),
						expectPlanned("planned_removals", userSet()),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectNoMembershipWrites(em),
					expectMembership("participants", userSet(both, userDave, idOnly)),
				},
			},
			{
				// Without the id-only user's identifiers, the plan lists them
				// by id, and the apply removes them by id.
				Config: policy(`  approve         = ["US.999", "+1 555 010 0004"]
  remove_unlisted = true`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{expectPlanned("planned_removals", userSet(idOnly))},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("participants", userSet(both, userDave)),
					statecheck.ExpectKnownValue(membershipAddr, tfjsonpath.New("last_reconciled").AtMapKey("removed"), userSet(idOnly)),
				},
			},
		},
	})
}

// "+49 (0)151 ...": the trunk prefix after the country code is dropped, so
// the entry matches the user whose wa_id is the number without it.
func TestAccGroupMembership_trunkPrefixIsDropped(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "approval_required")
	const german = "4915112345678"
	requestToJoin(t, em, groupID, german)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(membershipConfig(groupID, `  approve = ["+49 (0)151 12345678"]`)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				expectMembership("participants", userSet(german)),
				expectReconciled("approved", userSet(german)),
			},
		}},
	})
}

// A phone number that cannot be valid for its country code is a plan-time
// warning naming the entry; valid numbers, ids and usernames are not.
func TestWarnImplausibleNumbers(t *testing.T) {
	var diags diag.Diagnostics
	warnImplausibleNumbers([]string{"+49 0151 12345678", "+49 (0)151 12345678", "+44 20 7946 0958", "US.1", "@bob", "+1 555 010 00011", "+1 555 010 0001"}, &diags)
	w := diags.Warnings()
	if len(w) != 2 {
		t.Fatalf("warnings %v", diags)
	}
	for i, want := range []string{`"+1 555 010 00011" (read as +155501000011)`, `"+49 0151 12345678" (read as +49015112345678)`} { // sorted
		if !strings.Contains(w[i].Detail(), want) || w[i].Summary() != "Phone number that cannot match anyone" {
			t.Errorf("warning %d: %s", i, w[i].Detail())
		}
	}
}
