package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

const membershipAddr = "d360_group_membership.test"

// Users of the tests. Configurations list them in other spellings than the
// API's to prove the spelling never matters.
const (
	userAlice = "15550100001"
	userBob   = "15550100002"
	userCarol = "15550100003" // never listed
	userDave  = "15550100004"
	userErin  = "15550100005" // never listed
)

// communityConfig is a group that admits on approval plus its membership
// policy (approving Alice and Bob).
func communityConfig(subject string, rejectUnlisted bool) string {
	return fmt.Sprintf(`
resource "d360_group" "community" {
  subject            = %q
  join_approval_mode = "approval_required"
}

resource "d360_group_membership" "test" {
  group_id        = d360_group.community.id
  approve         = ["+1 (555) 010-0001", "+1 555 010 0002"]
  reject_unlisted = %t
}
`, subject, rejectUnlisted)
}

// membershipConfig manages the membership of an existing group.
func membershipConfig(groupID, body string) string {
	return fmt.Sprintf(`
resource "d360_group_membership" "test" {
  group_id = %q
%s
}
`, groupID, body)
}

// requestToJoin plays users tapping the group's invite link.
func requestToJoin(t *testing.T, em *emulator.Emulator, groupID string, users ...string) {
	t.Helper()
	link, err := em.InviteLink(groupID)
	if err != nil {
		t.Fatalf("invite link of %s: %v", groupID, err)
	}
	for _, u := range users {
		if err := em.JoinViaLink(link, u); err != nil {
			t.Fatalf("%s joining %s: %v", u, groupID, err)
		}
	}
}

// userSet is an exact set of WhatsApp ids.
func userSet(users ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(users))
	for _, u := range users {
		checks = append(checks, knownvalue.StringExact(u))
	}
	return knownvalue.SetExact(checks)
}

func expectMembership(attr string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(membershipAddr, tfjsonpath.New(attr), want)
}

func expectReconciled(key string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(membershipAddr, tfjsonpath.New("last_reconciled").AtMapKey(key), want)
}

func expectPlanned(attr string, want knownvalue.Check) plancheck.PlanCheck {
	return plancheck.ExpectKnownValue(membershipAddr, tfjsonpath.New(attr), want)
}

// pendingUsers checks the pending_join_requests list by its users.
func pendingUsers(users ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(users))
	for _, u := range users {
		checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"wa_id": knownvalue.StringExact(u), "join_request_id": knownvalue.NotNull(), "creation_timestamp": knownvalue.NotNull(),
		}))
	}
	return knownvalue.ListExact(checks)
}

// failureOf checks one entry of last_reconciled.failures.
func failureOf(user, action string, code int64) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"wa_id": knownvalue.StringExact(user), "action": knownvalue.StringExact(action), "code": knownvalue.Int64Exact(code),
	})
}

// planCheckFunc runs code between plan and apply: users acting while the
// plan waits for approval.
type planCheckFunc func() error

func (f planCheckFunc) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}

// captureAttr stores a resource attribute for later steps' PreConfig.
func captureAttr(address, attribute string, into *string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, state *tfjson.State) error {
		v, err := stateAttribute(state, address, attribute)
		if err != nil {
			return err
		}
		s, ok := v.(string)
		if !ok || s == "" {
			return fmt.Errorf("%s.%s is %v", address, attribute, v)
		}
		*into = s
		return nil
	})
}

// expectNoMembershipWrites checks that no approve, reject or remove call
// reached the API since the counters were reset.
func expectNoMembershipWrites(em *emulator.Emulator) statecheck.StateCheck {
	return stateCheckFunc(func(context.Context, *tfjson.State) error {
		for _, route := range []string{"join_requests.approve", "join_requests.reject", "participants.remove"} {
			if n := em.Calls(route); n != 0 {
				return fmt.Errorf("%d %s calls, want none (%v)", n, route, em.CallCounts())
			}
		}
		return nil
	})
}

// Users ask to join (listed and unlisted); the plan lists who is approved and
// rejected; the apply does it and the next plan is empty; import; removing
// the resource leaves the group as it is.
func TestAccGroupMembership_approveAndReject(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	subject := randomName(t)
	var groupID string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				// Created together with its group: nothing to do yet.
				Config: env.config(communityConfig(subject, false)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectUnknownValue(membershipAddr, tfjsonpath.New("planned_approvals")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					captureAttr("d360_group.community", "id", &groupID),
					statecheck.CompareValuePairs(membershipAddr, tfjsonpath.New("group_id"), "d360_group.community", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.CompareValuePairs(membershipAddr, tfjsonpath.New("id"), "d360_group.community", tfjsonpath.New("id"), compare.ValuesSame()),
					expectMembership("join_approval_mode", knownvalue.StringExact("approval_required")),
					expectMembership("participants", userSet()),
					expectMembership("pending_join_requests", knownvalue.ListExact(nil)),
					expectMembership("reject_unlisted", knownvalue.Bool(false)),
					expectMembership("remove_unlisted", knownvalue.Bool(false)),
					expectReconciled("failures", knownvalue.ListExact(nil)),
				},
			},
			{
				// Two listed users and one unlisted user ask to join.
				PreConfig: func() { requestToJoin(t, em, groupID, "+1 555 010 0001", userCarol, userBob) },
				Config:    env.config(communityConfig(subject, false)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionUpdate),
						expectPlanned("planned_approvals", userSet(userAlice, userBob)),
						expectPlanned("planned_rejections", userSet()),
						expectPlanned("planned_removals", userSet()),
						plancheck.ExpectResourceAction("d360_group.community", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("participants", userSet(userAlice, userBob)),
					expectMembership("pending_join_requests", pendingUsers(userCarol)),
					expectReconciled("approved", userSet(userAlice, userBob)),
					expectReconciled("rejected", userSet()),
					expectReconciled("failures", knownvalue.ListExact(nil)),
				},
			},
			{
				// Turning on reject_unlisted plans the rejection of Carol.
				Config: env.config(communityConfig(subject, true)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionUpdate),
						expectPlanned("planned_approvals", userSet()),
						expectPlanned("planned_rejections", userSet(userCarol)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("participants", userSet(userAlice, userBob)),
					expectMembership("pending_join_requests", knownvalue.ListExact(nil)),
					expectReconciled("rejected", userSet(userCarol)),
					expectReconciled("approved", userSet()),
				},
			},
			{
				// The policy lives only in the configuration, and last_reconciled
				// and planned_* record what the last apply did (until the next
				// refresh); everything read from the API imports.
				ResourceName:                         membershipAddr,
				ImportState:                          true,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "group_id",
				ImportStateVerifyIgnore: []string{
					"approve", "reject_unlisted", "last_reconciled", "planned_approvals", "planned_rejections", "planned_removals",
				},
			},
			{
				// Removing the resource stops enforcing the policy and changes
				// nothing on the group.
				PreConfig: em.ResetCounters,
				Config: env.config(fmt.Sprintf(`
resource "d360_group" "community" {
  subject            = %q
  join_approval_mode = "approval_required"
}
`, subject)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionDestroy)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectNoMembershipWrites(em),
					stateCheckFunc(func(context.Context, *tfjson.State) error {
						g, ok := em.Group(groupID)
						if !ok || !slices.Equal(sortedUnique(g.Participants), []string{userAlice, userBob}) {
							return fmt.Errorf("group after destroying the membership: %+v", g)
						}
						return nil
					}),
				},
			},
		},
	})
}

// A listed user who withdraws the request between plan and apply is skipped
// quietly; users who ask to join after the plan wait for the next plan.
func TestAccGroupMembership_changesBetweenPlanAndApply(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "approval_required")
	cfg := env.config(membershipConfig(groupID, `  approve         = ["1-555-010-0001", "1 555 010 0002", "+1 555 010 0004"]
  reject_unlisted = true`))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					requestToJoin(t, em, groupID, userAlice, userBob)
					em.ResetCounters()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectPlanned("planned_approvals", userSet(userAlice, userBob)),
						expectPlanned("planned_rejections", userSet()),
						planCheckFunc(func() error {
							if err := em.RevokeJoinRequest(groupID, userBob); err != nil {
								return err
							}
							// Neither was in the plan: not touched by this apply.
							requestToJoin(t, em, groupID, userDave, userErin)
							return nil
						}),
					},
					// Dave's approval and Erin's rejection are the next plan's work.
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionUpdate),
						expectPlanned("planned_approvals", userSet(userDave)),
						expectPlanned("planned_rejections", userSet(userErin)),
					},
				},
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					expectReconciled("approved", userSet(userAlice)),
					expectReconciled("skipped", userSet(userBob)),
					expectReconciled("rejected", userSet()),
					expectReconciled("failures", knownvalue.ListExact(nil)),
					expectMembership("participants", userSet(userAlice)),
					expectMembership("pending_join_requests", pendingUsers(userDave, userErin)),
					stateCheckFunc(func(context.Context, *tfjson.State) error {
						if n := em.Calls("join_requests.approve"); n != 1 {
							return fmt.Errorf("%d approve calls, want 1", n)
						}
						if n := em.Calls("join_requests.reject"); n != 0 {
							return fmt.Errorf("%d reject calls, want 0: Erin was not in the plan", n)
						}
						return nil
					}),
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("participants", userSet(userAlice, userDave)),
					expectReconciled("approved", userSet(userDave)),
					expectReconciled("rejected", userSet(userErin)),
				},
			},
		},
	})
}

// A group holds 8 participants: approving more reports the users refused
// (131204), like users who did not accept the terms (131203), and keeps the
// rest. When nothing can be done any more, the apply fails.
func TestAccGroupMembership_groupFull(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "approval_required")
	var users []string
	for i := 11; i <= 20; i++ {
		users = append(users, fmt.Sprintf("155501000%d", i))
	}
	terms := users[2] // 15550100013 has not accepted the terms
	cfg := env.config(membershipConfig(groupID, fmt.Sprintf("  approve = %s", hclList(users))))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					em.SetTermsNotAccepted(terms, true)
					requestToJoin(t, em, groupID, users...)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectPlanned("planned_approvals", userSet(users...))},
					// The refused users are still pending, so the policy still
					// asks for them.
					PostApplyPostRefresh: []plancheck.PlanCheck{expectPlanned("planned_approvals", userSet(terms, users[9]))},
				},
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					// Oldest requests first: everyone but the 10th fits.
					expectReconciled("approved", userSet(slices.Concat(users[:2], users[3:9])...)),
					expectReconciled("failures", knownvalue.ListExact([]knownvalue.Check{
						failureOf(terms, "approve", 131203),
						failureOf(users[9], "approve", 131204),
					})),
					expectMembership("participants", userSet(slices.Concat(users[:2], users[3:9])...)),
					expectMembership("pending_join_requests", pendingUsers(terms, users[9])),
				},
			},
			{
				// Nothing can succeed any more: an error naming codes and users.
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Some join requests could not be approved.*15550100013: 131203.*15550100020: 131204 Participant overlimit`),
			},
		},
	})
}

// remove_unlisted removes in batches of 8, lists every removal in the plan,
// and removed users can never rejoin.
func TestAccGroupMembership_removeUnlisted(t *testing.T) {
	env := newAccEnv(t, func(o *emulator.Options) { o.MaxParticipants = 20 })
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "auto_approve")
	var unlisted []string
	for i := 10; i < 27; i++ {
		unlisted = append(unlisted, fmt.Sprintf("155501000%d", i))
	}
	requestToJoin(t, em, groupID, append([]string{userAlice}, unlisted...)...)
	policy := func(remove bool) string {
		return env.config(membershipConfig(groupID, fmt.Sprintf("  approve         = [\"+1 555 010 0001\"]\n  remove_unlisted = %t", remove)))
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: policy(false),
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("participants", userSet(append([]string{userAlice}, unlisted...)...)),
					expectMembership("join_approval_mode", knownvalue.StringExact("auto_approve")),
				},
			},
			{
				PreConfig: em.ResetCounters,
				Config:    policy(true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionUpdate),
						expectPlanned("planned_removals", userSet(unlisted...)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("participants", userSet(userAlice)),
					expectReconciled("removed", userSet(unlisted...)),
					stateCheckFunc(func(context.Context, *tfjson.State) error {
						if n := em.Calls("participants.remove"); n != 3 {
							return fmt.Errorf("%d removal calls for 17 users, want 3 (batches of 8)", n)
						}
						if got := sortedUnique(em.ParticipantsEverRemoved(groupID)); !slices.Equal(got, unlisted) {
							return fmt.Errorf("removed %v, want %v", got, unlisted)
						}
						link, err := em.InviteLink(groupID)
						if err != nil {
							return err
						}
						if err := em.JoinViaLink(link, unlisted[0]); !errors.Is(err, emulator.ErrRemovedParticipant) {
							return fmt.Errorf("a removed user rejoining: %v, want ErrRemovedParticipant", err)
						}
						return nil
					}),
				},
			},
		},
	})
}

// Creating the resource removes nobody, because its plan cannot pin who
// would be removed: the first plan after creation lists the removals, and
// the apply of that plan carries them out.
func TestAccGroupMembership_createNeverRemoves(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "auto_approve")
	requestToJoin(t, em, groupID, userAlice, userCarol)
	cfg := env.config(membershipConfig(groupID, `  approve         = ["+1 555 010 0001"]
  remove_unlisted = true
  reject_unlisted = true # no effect on auto_approve groups (a warning says so)`))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: em.ResetCounters,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionUpdate),
						expectPlanned("planned_removals", userSet(userCarol)),
					},
				},
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					expectNoMembershipWrites(em),
					expectMembership("participants", userSet(userAlice, userCarol)),
					expectMembership("planned_removals", userSet()),
					expectReconciled("removed", userSet()),
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{expectPlanned("planned_removals", userSet(userCarol))},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("participants", userSet(userAlice)),
					expectReconciled("removed", userSet(userCarol)),
				},
			},
		},
	})
}

// When approve holds a value known only at apply, the plan cannot list whom
// remove_unlisted would remove, and Terraform plans the update again at
// apply time with the final values. The policy is replaced instead, which
// removes nobody; the next plan lists the removals and its apply does them.
func TestAccGroupMembership_unknownApproveDefersRemovals(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "auto_approve")
	requestToJoin(t, em, groupID, userAlice, userCarol)
	// Dave's id comes from a resource created in the same apply, so approve
	// is only known at apply time.
	deferred := env.config(`
resource "terraform_data" "dave" {
  input = "15550100004"
}
` + membershipConfig(groupID, `  approve         = ["15550100001", terraform_data.dave.output]
  remove_unlisted = true`))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(membershipConfig(groupID, `  approve = ["15550100001"]`))},
			{
				PreConfig: em.ResetCounters,
				Config:    deferred,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectUnknownValue(membershipAddr, tfjsonpath.New("planned_removals")),
					},
					// Now that approve is known, the plan lists the removal.
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionUpdate),
						expectPlanned("planned_removals", userSet(userCarol)),
					},
				},
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					expectNoMembershipWrites(em),
					expectMembership("participants", userSet(userAlice, userCarol)),
					expectMembership("planned_removals", userSet()),
					expectReconciled("removed", userSet()),
				},
			},
			{
				Config: deferred,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionUpdate),
						expectPlanned("planned_removals", userSet(userCarol)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMembership("participants", userSet(userAlice)),
					expectReconciled("removed", userSet(userCarol)),
				},
			},
		},
	})
	if removed := em.ParticipantsEverRemoved(groupID); !slices.Equal(removed, []string{userCarol}) {
		t.Fatalf("participants ever removed: %v, want only %s (listed by the last plan)", removed, userCarol)
	}
}

// Equivalent spellings of the same users never cause a diff, and are matched
// against the API's wa_ids.
func TestAccGroupMembership_equivalentSpellings(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "auto_approve")
	requestToJoin(t, em, groupID, userAlice, userBob)
	spelled := func(approve string) string {
		return env.config(membershipConfig(groupID, fmt.Sprintf("  approve         = %s\n  remove_unlisted = true", approve)))
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: spelled(`["+1 (555) 010-0001", "1.555.010.0002"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectReconciled("removed", userSet()),
					expectMembership("participants", userSet(userAlice, userBob)),
				},
			},
			{
				PreConfig: em.ResetCounters,
				Config:    spelled(`["15550100001", "+1 555 010 0002"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectNoMembershipWrites(em),
					// The state keeps the first spelling.
					expectMembership("approve", knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("+1 (555) 010-0001"), knownvalue.StringExact("1.555.010.0002"),
					})),
				},
			},
			{
				// A real change of the list is a change.
				Config: spelled(`["15550100001"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionUpdate),
						expectPlanned("planned_removals", userSet(userBob)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectMembership("participants", userSet(userAlice))},
			},
		},
	})
}

// Changes made outside Terraform show in the next plan: users asking to
// join, a participant leaving, the group deleted.
func TestAccGroupMembership_drift(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	subject := randomName(t)
	cfg := env.config(communityConfig(subject, true))
	var groupID, recreatedID string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{captureAttr("d360_group.community", "id", &groupID)},
			},
			{
				PreConfig: func() { requestToJoin(t, em, groupID, userAlice, userCarol) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectPlanned("planned_approvals", userSet(userAlice)),
						expectPlanned("planned_rejections", userSet(userCarol)),
						plancheck.ExpectUnknownValue(membershipAddr, tfjsonpath.New("participants")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A participant leaving on their own is no work for the policy.
				PreConfig: func() {
					if err := em.LeaveGroup(groupID, userAlice); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectMembership("participants", userSet())},
			},
			{
				// The group deleted out of band: both are planned anew.
				PreConfig: func() {
					if err := em.DeleteGroup(groupID); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.community", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					captureAttr(membershipAddr, "group_id", &recreatedID),
					stateCheckFunc(func(context.Context, *tfjson.State) error {
						if recreatedID == groupID {
							return fmt.Errorf("membership still points at the deleted group %s", groupID)
						}
						return nil
					}),
				},
			},
		},
	})
}

// Adopting an existing group: the resource is created with work to do, and
// a group id that does not exist fails at plan time.
func TestAccGroupMembership_createOnExistingGroup(t *testing.T) {
	env := newAccEnv(t, pinNotFound131041)
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "approval_required")
	requestToJoin(t, em, groupID, userAlice, userCarol)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      env.config(membershipConfig("Z3JvdXA6bm90LWEtZ3JvdXAZD", `  approve = ["15550100001"]`)),
				ExpectError: regexp.MustCompile(`(?s)Group not found.*131041`),
			},
			{
				Config: env.config(membershipConfig(groupID, "  approve         = [\"+15550100001\"]\n  reject_unlisted = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(membershipAddr, tfjsonpath.New("join_approval_mode"), knownvalue.StringExact("approval_required")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectReconciled("approved", userSet(userAlice)),
					expectReconciled("rejected", userSet(userCarol)),
					expectMembership("participants", userSet(userAlice)),
					expectMembership("planned_approvals", userSet(userAlice)),
				},
			},
		},
	})
}

// A lost answer to an approval is not answered by approving again: the read
// after the work shows that it happened.
func TestAccGroupMembership_lostResponseIsNotRetried(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "approval_required")
	cfg := env.config(membershipConfig(groupID, `  approve = ["15550100001"]`))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					requestToJoin(t, em, groupID, userAlice)
					em.ResetCounters()
					em.AddFault(emulator.FaultRule{Kind: emulator.FaultLostAfter, Route: "join_requests.approve", Count: 1})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectReconciled("approved", userSet(userAlice)),
					expectReconciled("failures", knownvalue.ListExact(nil)),
					stateCheckFunc(func(context.Context, *tfjson.State) error {
						if n := em.Calls("join_requests.approve"); n != 1 {
							return fmt.Errorf("%d approve calls, want exactly 1", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

// The work of a create is recorded even when the group cannot be read after
// it: the resource is kept (tainted, since the apply failed) with
// last_reconciled, instead of being forgotten as if nothing had happened.
func TestAccGroupMembership_createKeepsWorkWhenReadAfterFails(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	groupID := em.SeedGroup(randomName(t), "", "approval_required")
	requestToJoin(t, em, groupID, userAlice)
	var armed atomic.Bool
	armed.Store(true)
	// Every read of the group fails from the first approval on.
	env = env.through(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/join_requests") && armed.Swap(false) {
				em.AddFault(emulator.FaultRule{Kind: emulator.Fault500, Route: "groups.get"})
			}
		})
	})
	cfg := env.config(membershipConfig(groupID, `  approve = ["15550100001"]`))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`Unable to read the members of group \S+ after changing them`),
			},
			{
				PreConfig: em.ClearFaults,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						// In state, tainted: replacing it changes nothing on the group.
						plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionDestroyBeforeCreate),
						priorStateCheck(func(state *tfjson.State) error {
							v, err := stateAttribute(state, membershipAddr, "last_reconciled")
							if err != nil {
								return err
							}
							if approved, _ := v.(map[string]any)["approved"].([]any); len(approved) != 1 || approved[0] != userAlice {
								return fmt.Errorf("last_reconciled in state is %v, want Alice approved", v)
							}
							return nil
						}),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectMembership("participants", userSet(userAlice))},
			},
		},
	})
	if n := em.Calls("join_requests.approve"); n != 1 {
		t.Fatalf("%d approve calls, want 1", n)
	}
}

// priorStateCheck checks the state a plan starts from.
type priorStateCheck func(*tfjson.State) error

func (f priorStateCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req.Plan.PriorState)
}

// A refresh reads the participants with one call and the join requests with
// one more; auto_approve groups have no join requests to list.
func TestAccGroupMembership_refreshCalls(t *testing.T) {
	env := newAccEnv(t)
	approval := env.seedGroup(t, randomName(t), "", "approval_required")
	auto := env.seedGroup(t, randomName(t), "", "auto_approve")
	cfg := env.config(fmt.Sprintf(`
resource "d360_group_membership" "approval" {
  group_id = %q
}

resource "d360_group_membership" "auto" {
  group_id = %q
}
`, approval, auto))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:    env.resetCounters,
				RefreshState: true,
				Check: func(*terraform.State) error {
					return env.onEmulator(func(em *emulator.Emulator) error {
						want := map[string]int{"groups.get": 2, "join_requests.list": 1}
						if got := em.CallCounts(); !maps.Equal(got, want) {
							return fmt.Errorf("refreshing two memberships cost %v, want %v", got, want)
						}
						return nil
					})()
				},
			},
		},
	})
}

// Invalid ids fail at plan time, name the attribute and the rule, and cost
// no API call.
func TestAccGroupMembership_validation(t *testing.T) {
	env := newAccEnv(t)
	cases := []struct{ name, body, want string }{
		{"letters", `  approve = ["alice"]`, `Invalid user.*approve.*"alice" contains 'a'.*username is written with a leading "@"`},
		{"bad user id", `  approve = ["USA.1349"]`, `Invalid user.*approve.*business-scoped user id looks like US.13491208655302741918`},
		{"bad username", `  approve = ["@al ice"]`, `Invalid user.*approve.*"@al ice" is not a WhatsApp username`},
		{"national format", `  approve = ["020 7946 0958"]`, `approve.*starts with 0.*international format`},
		{"too short", `  approve = ["+1 555"]`, `approve.*has 4 digits`},
		{"plus inside", `  approve = ["1+5550100001"]`, `approve.*"\+" that is not\s+at the start`},
		{"empty entry", `  approve = [""]`, `approve.*must not be empty`},
		{"bad timeout", `  timeouts = { update = "soon" }`, `must be a string containing a sequence of decimal numbers`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      env.config(membershipConfig("Z3JvdXA6MQZDZD", tc.body)),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)` + tc.want),
				}},
			})
		})
	}
	t.Run("empty group id", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factories(),
			Steps: []resource.TestStep{{
				Config:      env.config(membershipConfig("", "")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)group_id.*length must be at least 1`),
			}},
		})
	})
	if env.Emulator != nil && env.Emulator.TotalCalls() != 0 {
		t.Fatalf("invalid configurations cost %d API calls (%v), want 0", env.Emulator.TotalCalls(), env.Emulator.CallCounts())
	}
}

func hclList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
