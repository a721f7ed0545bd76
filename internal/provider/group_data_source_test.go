package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

func TestAccGroupDataSource_byID(t *testing.T) {
	env := newAccEnv(t, pinNotFound131041)
	em := env.requireEmulator(t)
	subject := randomName(t)
	id := em.SeedGroup(subject, "Everything about the team", "")
	link, err := em.InviteLink(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, user := range []string{"15550002222", "15550001111"} {
		if err := em.JoinViaLink(link, user); err != nil {
			t.Fatal(err)
		}
	}
	created, _ := em.Group(id)

	const addr = "data.d360_group.test"
	config := env.config(fmt.Sprintf(`
data "d360_group" "test" {
  id = %q
}
`, id))
	linkValues := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: em.ResetCounters,
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subject"), knownvalue.StringExact(subject)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("Everything about the team")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("join_approval_mode"), knownvalue.StringExact(client.JoinApprovalAuto)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("suspended"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("creation_timestamp"), knownvalue.Int64Exact(created.CreationTimestamp)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("participants"), stringList("15550001111", "15550002222")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_participant_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("invite_link"), knownvalue.StringExact(link)),
					statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("invite_link")),
					linkValues.AddStateValue(addr, tfjsonpath.New("invite_link")),
					emulatorCheck(func() error {
						// By id: one read of the group and one of its link, no list.
						c := em.CallCounts()
						if c["groups.get"] == 0 || c["invite_link.get"] != c["groups.get"] || em.TotalCalls() != 2*c["groups.get"] {
							return fmt.Errorf("calls %v, want groups.get and invite_link.get once per read and nothing else", c)
						}
						return nil
					}),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Out-of-band changes show up on the next read.
				PreConfig: func() {
					renamed, cleared := subject+"-renamed", ""
					must(t, em.EditGroup(id, &renamed, &cleared))
					_, err := em.RotateInviteLink(id)
					must(t, err)
					must(t, em.LeaveGroup(id, "15550002222"))
					must(t, em.SetSuspended(id, true))
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subject"), knownvalue.StringExact(subject+"-renamed")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("suspended"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("participants"), stringList("15550001111")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_participant_count"), knownvalue.Int64Exact(1)),
					linkValues.AddStateValue(addr, tfjsonpath.New("invite_link")),
				},
			},
			{
				// Deleted out of band: the read says plainly that the group is gone.
				PreConfig:   func() { must(t, em.DeleteGroup(id)) },
				Config:      config,
				ExpectError: errorPattern("Group not found", fmt.Sprintf("There is no group with id %q", id), "131041 (Group unknown)"),
			},
		},
	})
}

func TestAccGroupDataSource_bySubject(t *testing.T) {
	// Runs in live mode too: the groups are then created through the API.
	env := newAccEnv(t, withSteppingClock)
	em := env.Emulator // nil in live mode: the call counts are the emulator's
	prefix := randomName(t)
	unique := env.seedGroup(t, prefix+"-unique", "", client.JoinApprovalRequired)
	dup1 := env.seedGroup(t, prefix+"-twice", "", "")
	dup2 := env.seedGroup(t, prefix+"-twice", "", "")
	env.seedGroup(t, prefix+"-unique-not", "", "")

	const addr = "data.d360_group.test"
	bySubject := func(subject string) string {
		return env.config(fmt.Sprintf(`
data "d360_group" "test" {
  subject = %q
}
`, subject))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if em != nil {
						em.ResetCounters()
					}
				},
				Config: bySubject(prefix + "-unique"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(unique)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subject"), knownvalue.StringExact(prefix+"-unique")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("join_approval_mode"), knownvalue.StringExact(client.JoinApprovalRequired)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("participants"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_participant_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("invite_link"), knownvalue.StringRegexp(inviteLinkPattern)),
					emulatorCheck(func() error {
						if em == nil {
							return nil
						}
						// By subject: one list page, then the group and its link.
						c := em.CallCounts()
						if c["groups.list"] == 0 || c["groups.get"] != c["groups.list"] || c["invite_link.get"] != c["groups.list"] || em.TotalCalls() != 3*c["groups.list"] {
							return fmt.Errorf("calls %v, want one list, one get and one invite link read per read", c)
						}
						return nil
					}),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config:      bySubject(prefix + "-missing"),
				ExpectError: errorPattern("No group with this subject", fmt.Sprintf("No active group has the subject %q", prefix+"-missing")),
			},
			{
				// Subjects match exactly: a different case is no match.
				Config:      bySubject(strings.ToUpper(prefix + "-unique")),
				ExpectError: errorPattern("No group with this subject"),
			},
			{
				Config: bySubject(prefix + "-twice"),
				ExpectError: errorPattern("Several groups have this subject",
					fmt.Sprintf("2 active groups have the subject %q", prefix+"-twice"), dup1, dup2, "Look the group up by id instead"),
			},
		},
	})
}

// TestAccGroupDataSource_managedGroup reads a group created in the same
// configuration: its id is unknown at plan time, so the read waits for apply.
func TestAccGroupDataSource_managedGroup(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
resource "d360_group" "test" {
  subject            = %q
  description        = "Managed here"
  join_approval_mode = "approval_required"
}

data "d360_group" "test" {
  id = d360_group.test.id
}
`, subject)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("d360_group.test", tfjsonpath.New("subject"), "data.d360_group.test", tfjsonpath.New("subject"), compare.ValuesSame()),
				statecheck.CompareValuePairs("d360_group.test", tfjsonpath.New("creation_timestamp"), "data.d360_group.test", tfjsonpath.New("creation_timestamp"), compare.ValuesSame()),
				statecheck.ExpectKnownValue("data.d360_group.test", tfjsonpath.New("description"), knownvalue.StringExact("Managed here")),
				statecheck.ExpectKnownValue("data.d360_group.test", tfjsonpath.New("join_approval_mode"), knownvalue.StringExact(client.JoinApprovalRequired)),
				statecheck.ExpectKnownValue("data.d360_group.test", tfjsonpath.New("invite_link"), knownvalue.StringRegexp(inviteLinkPattern)),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

func TestAccGroupDataSource_invalidInput(t *testing.T) {
	env := newAccEnv(t)
	em := env.Emulator // nil in live mode: plan-time validation runs there too
	cases := []struct {
		body string
		want []string
	}{
		{`data "d360_group" "test" {}`, []string{"Missing Attribute Configuration", "Exactly one of these attributes must be configured: [id,subject]"}},
		{`data "d360_group" "test" {
  id      = "abc"
  subject = "abc"
}`, []string{"Invalid Attribute Combination", "Exactly one of these attributes must be configured: [id,subject]"}},
		{`data "d360_group" "test" {
  id = ""
}`, []string{"Attribute id string length must be at least 1"}},
		{`data "d360_group" "test" {
  id = "abc def"
}`, []string{"Attribute id must not contain whitespace"}},
		{`data "d360_group" "test" {
  subject = "Team "
}`, []string{"Leading or trailing whitespace", `subject "Team " starts or ends with whitespace`}},
		{fmt.Sprintf(`data "d360_group" "test" {
  subject = %q
}`, strings.Repeat("x", 129)), []string{"Attribute subject UTF-8 character count must be between 1 and 128, got: 129"}},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, tc := range cases {
		steps[i] = resource.TestStep{Config: env.config(tc.body), ExpectError: errorPattern(tc.want...)}
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.factories(), Steps: steps})
	expectNoAPICalls(t, em)
}

func TestAccGroupDataSource_apiErrors(t *testing.T) {
	// An unknown group is reported plainly whatever envelope the API uses.
	for _, style := range []emulator.ErrorStyle{emulator.ErrorStyleGraph, emulator.ErrorStyleMeta, emulator.ErrorStyleString} {
		t.Run(string(style), func(t *testing.T) {
			env := newAccEnv(t, func(o *emulator.Options) { o.ErrorStyle = style }, pinNotFound131041)
			env.requireEmulator(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config: env.config(`
data "d360_group" "test" {
  id = "bm8tc3VjaC1ncm91cA"
}`),
					ExpectError: errorPattern("Group not found", `There is no group with id "bm8tc3VjaC1ncm91cA"`,
						"API error 131041 (Group unknown)", "doesn't exist or you are not a member", "HTTP 400"),
				}},
			})
		})
	}

	t.Run("invite link", func(t *testing.T) {
		env := newAccEnv(t)
		em := env.requireEmulator(t)
		id := em.SeedGroup(randomName(t), "", "")
		em.AddFault(emulator.FaultRule{Kind: emulator.Fault500, Route: "invite_link.get"})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factories(),
			Steps: []resource.TestStep{{
				Config: env.config(fmt.Sprintf(`
data "d360_group" "test" {
  id = %q
}`, id)),
				ExpectError: errorPattern("Unable to read the group's invite link", "API error 1 (An unknown error occurred)", "HTTP 500"),
			}},
		})
	})
}

// TestGroupDataSourceRenamedDuringLookup covers a group renamed between the
// list and the read: the result would not match the configuration.
func TestGroupDataSourceRenamedDuringLookup(t *testing.T) {
	em := emulator.New(emulator.Options{APIKey: testAPIKey})
	id := em.SeedGroup("Before", "", "")
	data := directBackend(t, afterFirstList(em, func() {
		after := "After"
		must(t, em.EditGroup(id, &after, nil))
	}))
	_, diags := readDataSource(context.Background(), NewGroupDataSource(), data, subjectConfig("Before"))
	if !diags.HasError() || diags[0].Summary() != "Group renamed during the lookup" {
		t.Fatalf("diags = %v, want a renamed-during-lookup error", diags)
	}
}

func TestDescribeMatches(t *testing.T) {
	var matches []client.GroupSummary
	for i := range 25 {
		matches = append(matches, client.GroupSummary{ID: fmt.Sprintf("G%02d", 24-i), CreatedAt: client.FlexTime(1700000000 + 24 - i)})
	}
	got := describeMatches(matches)
	lines := strings.Split(got, "\n")
	if len(lines) != maxListedMatches+1 {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), maxListedMatches+1, got)
	}
	want := "  - G00 (created " + time.Unix(1700000000, 0).UTC().Format(time.RFC3339) + ")"
	if lines[0] != want {
		t.Errorf("first line %q, want %q (oldest first)", lines[0], want)
	}
	if lines[maxListedMatches] != "  ... and 5 more" {
		t.Errorf("last line %q", lines[maxListedMatches])
	}
}

func TestGroupDataSourceModelFrom(t *testing.T) {
	m := groupDataSourceModelFrom("G1", client.Group{
		Subject: "Team",
		// A group read without join_approval_mode and with a participant
		// known only by a business-scoped user id.
		Participants:          []client.Participant{{WaID: "15550002222"}, {UserID: "US.42"}, {WaID: "15550001111"}, {}},
		TotalParticipantCount: 3,
		CreationTimestamp:     1755548877,
	}, "https://chat.whatsapp.com/abc")
	if m.JoinApprovalMode.ValueString() != client.JoinApprovalAuto {
		t.Errorf("join_approval_mode %s, want the API default auto_approve", m.JoinApprovalMode)
	}
	if got := fmt.Sprint(m.Participants.Elements()); got != `["15550001111" "15550002222" "US.42"]` {
		t.Errorf("participants %s", got)
	}
	if !m.Description.IsNull() {
		t.Errorf("description %s, want null as in the resource", m.Description)
	}
	if m.ID.ValueString() != "G1" || m.InviteLink.ValueString() != "https://chat.whatsapp.com/abc" || m.CreationTimestamp.ValueInt64() != 1755548877 {
		t.Errorf("model %+v", m)
	}
}
