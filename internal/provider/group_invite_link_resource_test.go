package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const linkAddr = "d360_group_invite_link.test"

var linkFormat = knownvalue.StringRegexp(regexp.MustCompile(`^https://chat\.whatsapp\.com/\S+$`))

// linkConfig is a link for a literal group id (a group seeded in the
// emulator) with extra arguments.
func linkConfig(groupID, extra string) string {
	return fmt.Sprintf(`
resource "d360_group_invite_link" "test" {
  group_id = %q
%s
}
`, groupID, extra)
}

// groupAndLinkConfig is a d360_group plus its link.
func groupAndLinkConfig(subject, groupExtra, linkExtra string) string {
	return groupConfig(subject, groupExtra) + `
resource "d360_group_invite_link" "test" {
  group_id = d360_group.test.id
` + linkExtra + `
}
`
}

// linkTracker follows the link of linkAddr across steps and checks the
// server's view of it: after a rotation the previous link must be dead.
type linkTracker struct {
	env *accEnv
	// gid is the link's group when the state holds no link (after destroy).
	gid      string
	previous string
}

// valid tells whether the server accepts link. The emulator knows every link
// it issued; in live mode a group has one working link, the one the API
// reports for the group of linkAddr in state (or of gid).
func (lt *linkTracker) valid(ctx context.Context, state *tfjson.State, link string) (bool, error) {
	if lt.env.Emulator != nil {
		return lt.env.Emulator.ValidInviteLink(link), nil
	}
	gid := lt.gid
	if state != nil {
		if id, err := inviteStateString(state, linkAddr, "group_id"); err == nil {
			gid = id
		}
	}
	current, err := lt.env.apiClient().GetInviteLink(ctx, gid)
	if err != nil {
		return false, err
	}
	return current == link, nil
}

// rotated checks that the link changed, that the server no longer accepts
// the previous one and accepts the new one.
func (lt *linkTracker) rotated() statecheck.StateCheck {
	return stateCheckFunc(func(ctx context.Context, state *tfjson.State) error {
		link, err := inviteStateString(state, linkAddr, "invite_link")
		if err != nil {
			return err
		}
		if lt.previous != "" {
			if ok, err := lt.valid(ctx, state, lt.previous); err != nil || ok {
				return fmt.Errorf("the previous link still works on the server after rotation (%v)", err)
			}
		}
		if ok, err := lt.valid(ctx, state, link); err != nil || !ok {
			return fmt.Errorf("the link in state is not the group's valid link (%v)", err)
		}
		lt.previous = link
		return nil
	})
}

// kept checks that the link in state is still the tracked, working link.
func (lt *linkTracker) kept() statecheck.StateCheck {
	return stateCheckFunc(func(ctx context.Context, state *tfjson.State) error {
		link, err := inviteStateString(state, linkAddr, "invite_link")
		if err != nil {
			return err
		}
		if link != lt.previous {
			return fmt.Errorf("the link changed although nothing asked for a rotation")
		}
		if ok, err := lt.valid(ctx, state, link); err != nil || !ok {
			return fmt.Errorf("the link in state no longer works on the server (%v)", err)
		}
		return nil
	})
}

// previousValid tells whether the tracked link still works, for checks made
// when the state holds no link.
func (lt *linkTracker) previousValid() (bool, error) {
	return lt.valid(context.Background(), nil, lt.previous)
}

func TestAccGroupInviteLink_basic(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	cfg := env.config(groupAndLinkConfig(subject, "", ""))
	sameLink := statecheck.CompareValue(compare.ValuesSame())

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(linkAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectUnknownValue(linkAddr, tfjsonpath.New("invite_link")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(linkAddr, tfjsonpath.New("invite_link"), linkFormat),
					statecheck.ExpectSensitiveValue(linkAddr, tfjsonpath.New("invite_link")),
					statecheck.ExpectKnownValue(linkAddr, tfjsonpath.New("revoke_on_destroy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(linkAddr, tfjsonpath.New("triggers"), knownvalue.Null()),
					statecheck.CompareValuePairs(linkAddr, tfjsonpath.New("id"), "d360_group.test", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.CompareValuePairs(linkAddr, tfjsonpath.New("group_id"), "d360_group.test", tfjsonpath.New("id"), compare.ValuesSame()),
					sameLink.AddStateValue(linkAddr, tfjsonpath.New("invite_link")),
				},
			},
			{
				ResourceName:      linkAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// An import block plans a no-op import: nothing to rotate.
				ResourceName:    linkAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				// Terraform refuses to print the link through an output that
				// is not marked sensitive. Not the last step: OpenTofu also
				// evaluates outputs in the post-test destroy, so a test must
				// end on a configuration that is accepted.
				Config: cfg + `
output "link" {
  value = d360_group_invite_link.test.invite_link
}
`,
				PlanOnly:    true,
				ExpectError: invitePhrase("Output refers to sensitive values"),
			},
			{
				// revoke_on_destroy changes in place, without touching the
				// link; the plan shows the (known) link as sensitive.
				Config: env.config(groupAndLinkConfig(subject, "", "  revoke_on_destroy = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(linkAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(linkAddr, tfjsonpath.New("invite_link"), linkFormat),
						plancheck.ExpectSensitiveValue(linkAddr, tfjsonpath.New("invite_link")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(linkAddr, tfjsonpath.New("revoke_on_destroy"), knownvalue.Bool(true)),
					sameLink.AddStateValue(linkAddr, tfjsonpath.New("invite_link")),
				},
			},
		},
	})
}

// TestAccGroupInviteLink_rotation replaces the link every way Terraform
// can: a changed trigger, a taint, replace_triggered_by and a replaced
// group. Every replacement yields a new link and kills the old one; a plan
// with nothing to do keeps it.
func TestAccGroupInviteLink_rotation(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	lt := &linkTracker{env: env}
	differs := statecheck.CompareValue(compare.ValuesDiffer())
	same := statecheck.CompareValue(compare.ValuesSame())
	link := tfjsonpath.New("invite_link")
	replaced := func(extra ...plancheck.PlanCheck) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{
			PreApply:             append([]plancheck.PlanCheck{plancheck.ExpectResourceAction(linkAddr, plancheck.ResourceActionDestroyBeforeCreate)}, extra...),
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		}
	}
	triggers := func(v string) string { return fmt.Sprintf("  triggers = { rotation = %q }", v) }

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject, subject+"-2"),
		Steps: []resource.TestStep{
			{
				Config: env.config(groupAndLinkConfig(subject, "", triggers("1"))),
				ConfigStateChecks: []statecheck.StateCheck{
					lt.rotated(),
					differs.AddStateValue(linkAddr, link),
					same.AddStateValue(linkAddr, link),
				},
			},
			{
				// Nothing changed: no rotation.
				Config: env.config(groupAndLinkConfig(subject, "", triggers("1"))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{lt.kept(), same.AddStateValue(linkAddr, link)},
			},
			{
				Config:            env.config(groupAndLinkConfig(subject, "", triggers("2"))),
				ConfigPlanChecks:  replaced(),
				ConfigStateChecks: []statecheck.StateCheck{lt.rotated(), differs.AddStateValue(linkAddr, link)},
			},
			{
				Taint:             []string{linkAddr},
				Config:            env.config(groupAndLinkConfig(subject, "", triggers("2"))),
				ConfigPlanChecks:  replaced(),
				ConfigStateChecks: []statecheck.StateCheck{lt.rotated(), differs.AddStateValue(linkAddr, link)},
			},
			{
				// replace_triggered_by: renaming the group (an in-place update
				// of the group) rotates its link.
				Config: env.config(groupAndLinkConfig(subject+"-2", "", triggers("2")+`
  lifecycle {
    replace_triggered_by = [d360_group.test.subject]
  }`)),
				ConfigPlanChecks:  replaced(plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionUpdate)),
				ConfigStateChecks: []statecheck.StateCheck{lt.rotated(), differs.AddStateValue(linkAddr, link)},
			},
			{
				// A new group (join_approval_mode forces replacement) gets a
				// new link resource.
				Config: env.config(groupAndLinkConfig(subject+"-2", `  join_approval_mode = "approval_required"`, triggers("2"))),
				ConfigPlanChecks: replaced(
					plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionDestroyBeforeCreate),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					lt.rotated(),
					differs.AddStateValue(linkAddr, link),
					statecheck.CompareValuePairs(linkAddr, tfjsonpath.New("group_id"), "d360_group.test", tfjsonpath.New("id"), compare.ValuesSame()),
				},
			},
		},
	})
}

// TestAccGroupInviteLink_outOfBand covers a rotation outside Terraform (taken
// into state, no replacement, one API call per refresh) and a group deleted
// outside Terraform (the link leaves the state; creating it again fails
// with the API's error).
func TestAccGroupInviteLink_outOfBand(t *testing.T) {
	env := newAccEnv(t, pinNotFound131041)
	gid := env.seedGroup(t, randomName(t), "", "auto_approve")
	cfg := env.config(linkConfig(gid, ""))
	var rotated string
	// The emulator answers the documented code; a real API may answer
	// another "not found" reading (see DESIGN.md).
	recreateFails := regexp.MustCompile(`(?s)Unable to issue a new invite link.*131041`)
	if env.Emulator == nil {
		recreateFails = regexp.MustCompile(`Unable to issue a new invite link`)
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					rotated = env.resetInviteLinkOutOfBand(t, gid)
					env.resetCounters()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
						invitePlanCalls(env.Emulator, 1, map[string]int{"invite_link.get": 1}),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					stateCheckFunc(func(_ context.Context, state *tfjson.State) error {
						link, err := inviteStateString(state, linkAddr, "invite_link")
						if err != nil {
							return err
						}
						if link != rotated {
							return fmt.Errorf("state holds an old link, not the one issued outside Terraform")
						}
						return nil
					}),
					inviteStateCalls(env.Emulator, -1, map[string]int{"invite_link.reset": 0}),
				},
			},
			{
				PreConfig:          func() { env.deleteGroupOutOfBand(t, gid) },
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config:      cfg,
				ExpectError: recreateFails,
			},
		},
	})
}

// TestAccGroupInviteLink_revokeOnDestroy checks both settings of
// revoke_on_destroy and that a create_before_destroy replacement never
// revokes its successor's link.
func TestAccGroupInviteLink_revokeOnDestroy(t *testing.T) {
	env := newAccEnv(t)
	gid := env.seedGroup(t, randomName(t), "", "auto_approve")
	lt := &linkTracker{env: env, gid: gid}
	noLink := env.config("")
	cbd := func(v string) string {
		return linkConfig(gid, fmt.Sprintf(`  revoke_on_destroy = true
  triggers          = { rotation = %q }
  lifecycle {
    create_before_destroy = true
  }`, v))
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy: func(*terraform.State) error {
			if ok, err := lt.previousValid(); err != nil || ok {
				return fmt.Errorf("the last link still works after destroying a resource with revoke_on_destroy (%v)", err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:            env.config(linkConfig(gid, "")),
				ConfigStateChecks: []statecheck.StateCheck{lt.rotated()},
			},
			{
				// Default: destroying leaves the link working and costs no
				// write.
				PreConfig: env.resetCounters,
				Config:    noLink,
				ConfigStateChecks: []statecheck.StateCheck{
					inviteCheck(func() error {
						if ok, err := lt.previousValid(); err != nil || !ok {
							return fmt.Errorf("destroy revoked the link although revoke_on_destroy is false (%v)", err)
						}
						return nil
					}),
					inviteStateCalls(env.Emulator, -1, map[string]int{"invite_link.reset": 0}),
				},
			},
			{
				Config:            env.config(linkConfig(gid, "  revoke_on_destroy = true")),
				ConfigStateChecks: []statecheck.StateCheck{lt.rotated()},
			},
			{
				PreConfig: env.resetCounters,
				Config:    noLink,
				ConfigStateChecks: []statecheck.StateCheck{
					inviteCheck(func() error {
						if ok, err := lt.previousValid(); err != nil || ok {
							return fmt.Errorf("the link still works after destroy with revoke_on_destroy = true (%v)", err)
						}
						return nil
					}),
					inviteStateCalls(env.Emulator, -1, map[string]int{"invite_link.reset": 1}),
				},
			},
			{
				Config:            env.config(cbd("1")),
				ConfigStateChecks: []statecheck.StateCheck{lt.rotated()},
			},
			{
				// The replacement is created first and rotates the link; the
				// old resource's revoke must then leave the new link alone.
				Config: env.config(cbd("2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(linkAddr, plancheck.ResourceActionCreateBeforeDestroy),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{lt.rotated()},
			},
		},
	})
}

// TestAccGroupInviteLink_importKeepsLink imports the link of an existing
// group into a configuration that sets triggers: the API cannot report
// triggers, and adopting them must not rotate the link just imported.
func TestAccGroupInviteLink_importKeepsLink(t *testing.T) {
	env := newAccEnv(t)
	gid := env.seedGroup(t, randomName(t), "", "auto_approve")
	lt := &linkTracker{env: env, gid: gid, previous: env.inviteLink(t, gid)}
	withTriggers := func(v string) string {
		return env.config(linkConfig(gid, fmt.Sprintf("  triggers = { rotation = %q }", v)))
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				// Planned import: an in-place update records the triggers.
				Config:             withTriggers("1"),
				ResourceName:       linkAddr,
				ImportState:        true,
				ImportStateId:      gid,
				ImportStateKind:    resource.ImportBlockWithID,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(linkAddr, plancheck.ResourceActionUpdate)},
				},
			},
			{
				Config:             withTriggers("1"),
				ResourceName:       linkAddr,
				ImportState:        true,
				ImportStateId:      gid,
				ImportStatePersist: true,
			},
			{
				PreConfig: env.resetCounters,
				Config:    withTriggers("1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(linkAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					lt.kept(),
					statecheck.ExpectKnownValue(linkAddr, tfjsonpath.New("triggers"),
						knownvalue.MapExact(map[string]knownvalue.Check{"rotation": knownvalue.StringExact("1")})),
					inviteStateCalls(env.Emulator, -1, map[string]int{"invite_link.reset": 0}),
				},
			},
			{
				// Once recorded, a changed trigger rotates as usual.
				Config: withTriggers("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(linkAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{lt.rotated()},
			},
		},
	})
}

// TestAccGroupInviteLink_triggersFromNull: triggers are null after an import
// (and when never set). Setting them then records them in place, however
// many plans later, because the API cannot report them; changing or removing
// them afterwards rotates the link (terraform-provider-random's
// RequiresReplaceIfValuesNotNull rule, with nothing kept in private state).
func TestAccGroupInviteLink_triggersFromNull(t *testing.T) {
	env := newAccEnv(t)
	gid := env.seedGroup(t, randomName(t), "", "auto_approve")
	lt := &linkTracker{env: env, gid: gid, previous: env.inviteLink(t, gid)}
	plain := env.config(linkConfig(gid, ""))
	withTriggers := func(v string) string {
		return env.config(linkConfig(gid, fmt.Sprintf("  triggers = { rotation = %q }", v)))
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:             plain,
				ResourceName:       linkAddr,
				ImportState:        true,
				ImportStateId:      gid,
				ImportStatePersist: true,
			},
			{
				Config: plain,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{lt.kept()},
			},
			{
				// Several plans after the import: still recorded in place.
				Config: plain,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: withTriggers("2026-q2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(linkAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{lt.kept()},
			},
			{
				Config: withTriggers("2026-q3"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(linkAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{lt.rotated()},
			},
			{
				// Removing them is a change from a value: it rotates too.
				Config: plain,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(linkAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{lt.rotated()},
			},
		},
	})
}

func TestAccGroupInviteLink_validation(t *testing.T) {
	env := newAccEnv(t)
	cases := []struct {
		name, body, want string
	}{
		{"missing group_id", ``, `The argument "group_id" is required`},
		{"empty group_id", `group_id = ""`, `Attribute group_id string length must be at least 1`},
		{"untrimmed group_id", `group_id = " abc"`, `starts or ends with whitespace`},
		{"trigger not a string", `group_id = "abc"
  triggers = { rotation = ["a"] }`, `Inappropriate value for attribute "triggers"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      env.config(fmt.Sprintf("resource \"d360_group_invite_link\" \"test\" {\n  %s\n}\n", tc.body)),
					PlanOnly:    true,
					ExpectError: invitePhrase(tc.want),
				}},
			})
		})
	}
	if env.Emulator != nil && env.Emulator.TotalCalls() != 0 {
		t.Fatalf("invalid configurations cost %d API calls (%v), want 0", env.Emulator.TotalCalls(), env.Emulator.CallCounts())
	}
}
