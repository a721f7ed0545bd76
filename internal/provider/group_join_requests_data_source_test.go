package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// joinRequestChecks is the expected `join_requests` value: the emulator's
// pending requests of the group for the given users, in that order.
func joinRequestChecks(t *testing.T, em *emulator.Emulator, groupID string, users ...string) knownvalue.Check {
	t.Helper()
	byUser := map[string]emulator.JoinRequest{}
	for _, jr := range em.JoinRequests(groupID) {
		byUser[jr.WaID] = jr
	}
	checks := make([]knownvalue.Check, len(users))
	for i, u := range users {
		jr, ok := byUser[u]
		if !ok {
			t.Fatalf("no pending join request of %s in group %s", u, groupID)
		}
		checks[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"join_request_id":    knownvalue.StringExact(jr.ID),
			"wa_id":              knownvalue.StringExact(u),
			"creation_timestamp": knownvalue.Int64Exact(jr.CreationTimestamp),
			"user_id":            knownvalue.Null(),
			"parent_user_id":     knownvalue.Null(),
			"username":           knownvalue.Null(),
		})
	}
	return knownvalue.ListExact(checks)
}

func TestAccGroupJoinRequestsDataSource_basic(t *testing.T) {
	env := newAccEnv(t, withSteppingClock, pinNotFound131041)
	em := env.requireEmulator(t)
	approval := em.SeedGroup(randomName(t), "", client.JoinApprovalRequired)
	auto := em.SeedGroup(randomName(t), "", client.JoinApprovalAuto)
	approvalLink, err := em.InviteLink(approval)
	must(t, err)
	autoLink, err := em.InviteLink(auto)
	must(t, err)
	for _, user := range []string{"15550003333", "15550001111", "15550002222"} {
		must(t, em.JoinViaLink(approvalLink, user))
	}
	// In auto_approve mode the user joins at once: no request to list.
	must(t, em.JoinViaLink(autoLink, "15550009999"))

	config := env.config(fmt.Sprintf(`
data "d360_group_join_requests" "approval" {
  group_id = %q
}

data "d360_group_join_requests" "auto" {
  group_id = %q
}
`, approval, auto))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: em.ResetCounters,
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					// Oldest first, whatever the users' numbers.
					statecheck.ExpectKnownValue("data.d360_group_join_requests.approval", tfjsonpath.New("join_requests"),
						joinRequestChecks(t, em, approval, "15550003333", "15550001111", "15550002222")),
					statecheck.ExpectKnownValue("data.d360_group_join_requests.auto", tfjsonpath.New("join_requests"), knownvalue.ListExact([]knownvalue.Check{})),
					emulatorCheck(func() error {
						if c := em.CallCounts(); c["join_requests.list"] == 0 || em.TotalCalls() != c["join_requests.list"] {
							return fmt.Errorf("calls %v, want only join_requests.list", c)
						}
						return nil
					}),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Users act outside Terraform: one withdraws, another asks.
				PreConfig: func() {
					must(t, em.RevokeJoinRequest(approval, "15550001111"))
					must(t, em.JoinViaLink(approvalLink, "15550004444"))
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.d360_group_join_requests.approval", tfjsonpath.New("join_requests"),
						lazyCheck(func() knownvalue.Check {
							return joinRequestChecks(t, em, approval, "15550003333", "15550002222", "15550004444")
						})),
				},
			},
			{
				PreConfig:   func() { must(t, em.DeleteGroup(approval)) },
				Config:      config,
				ExpectError: errorPattern("Group not found", fmt.Sprintf("There is no group with id %q", approval), "131041"),
			},
		},
	})
}

func TestAccGroupJoinRequestsDataSource_manyPages(t *testing.T) {
	env := newAccEnv(t, withSteppingClock)
	em := env.requireEmulator(t)
	id := em.SeedGroup(randomName(t), "", client.JoinApprovalRequired)
	link, err := em.InviteLink(id)
	must(t, err)
	const n = 1100
	for i := range n {
		must(t, em.JoinViaLink(link, fmt.Sprintf("1555%07d", i)))
	}
	pending := em.JoinRequests(id)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: em.ResetCounters,
			// d360_group costs exactly one group read per read, so it counts the reads.
			Config: env.config(fmt.Sprintf(`
data "d360_group_join_requests" "test" {
  group_id = %[1]q
}

data "d360_group" "probe" {
  id = %[1]q
}
`, id)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.d360_group_join_requests.test", tfjsonpath.New("join_requests"), knownvalue.ListSizeExact(n)),
				statecheck.ExpectKnownValue("data.d360_group_join_requests.test", tfjsonpath.New("join_requests").AtSliceIndex(n-1).AtMapKey("join_request_id"),
					knownvalue.StringExact(pending[n-1].ID)),
				emulatorCheck(func() error {
					// 1,100 requests are two pages of 1,024.
					reads, lists := em.Calls("groups.get"), em.Calls("join_requests.list")
					if reads == 0 || lists != 2*reads {
						return fmt.Errorf("%d join request list calls for %d reads, want 2 per read", lists, reads)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccGroupJoinRequestsDataSource_invalidInput(t *testing.T) {
	env := newAccEnv(t)
	em := env.Emulator // nil in live mode: plan-time validation runs there too
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "d360_group_join_requests" "test" {}`),
				ExpectError: errorPattern(`The argument "group_id" is required`),
			},
			{
				Config: env.config(`
data "d360_group_join_requests" "test" {
  group_id = ""
}`),
				ExpectError: errorPattern("Attribute group_id string length must be at least 1"),
			},
			{
				Config: env.config(`
data "d360_group_join_requests" "test" {
  group_id = " abc"
}`),
				ExpectError: errorPattern("Attribute group_id must not contain whitespace"),
			},
		},
	})
	expectNoAPICalls(t, em)
}

func TestAccGroupJoinRequestsDataSource_apiErrors(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	id := em.SeedGroup(randomName(t), "", client.JoinApprovalRequired)
	em.AddFault(emulator.FaultRule{Kind: emulator.Fault429, Route: "join_requests.list"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "d360_group_join_requests" "test" {
  group_id = %q
}`, id)),
			// Throttling is retried with back-off; when it persists, the code,
			// title and the advice are shown.
			ExpectError: errorPattern("Unable to list the group's join requests", "API error 131208 (Group Rate Limit Hit)", "HTTP 429",
				"Too many group operations from this number"),
		}},
	})
}

// Oldest first, ties by id. (A request the cursors repeat is dropped by the
// client's list: TestListJoinRequestsEdgeCases.)
func TestJoinRequestList(t *testing.T) {
	got := joinRequestList([]client.JoinRequest{
		{ID: "J3", WaID: "1555003", CreationTimestamp: 30},
		{ID: "J2", UserID: "US.42", Username: "bob", CreationTimestamp: 20},
		{ID: "J1", WaID: "1555001", CreationTimestamp: 20},
	})
	want := types.ListValueMust(types.ObjectType{AttrTypes: joinRequestAttrTypes}, []attr.Value{
		joinRequestObject("J1", "1555001", 20),
		joinRequestObjectWith("J2", "US.42", 20, userIdentity{userID: "US.42", username: "bob"}),
		joinRequestObject("J3", "1555003", 30),
	})
	if !got.Equal(want) {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func joinRequestObject(id, user string, ts int64) attr.Value {
	return joinRequestObjectWith(id, user, ts, userIdentity{})
}

func joinRequestObjectWith(id, user string, ts int64, u userIdentity) attr.Value {
	values := identityAttrs(u)
	values["join_request_id"], values["wa_id"], values["creation_timestamp"] = types.StringValue(id), types.StringValue(user), types.Int64Value(ts)
	return types.ObjectValueMust(joinRequestAttrTypes, values)
}
