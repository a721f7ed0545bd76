package provider

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

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

func groupConfig(subject, extra string) string {
	return fmt.Sprintf(`
resource "d360_group" "test" {
  subject = %q
%s
}
`, subject, extra)
}

// groupIDFromState returns the id of a resource in the state, for PreConfig
// functions that act on the group out of band.
func groupID(s *terraform.State, name string) string {
	return s.RootModule().Resources[name].Primary.ID
}

func TestAccGroup_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	renamed := subject + "-renamed"
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject, renamed),
		Steps: []resource.TestStep{
			{
				Config: env.config(groupConfig(subject, `  description = "Support for our customers"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionCreate),
						plancheck.ExpectUnknownValue("d360_group.test", tfjsonpath.New("id")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("d360_group.test", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("subject"), knownvalue.StringExact(subject)),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("description"), knownvalue.StringExact("Support for our customers")),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("join_approval_mode"), knownvalue.StringExact("auto_approve")),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("suspended"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("total_participant_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("creation_timestamp"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("profile_picture_sha256"), knownvalue.Null()),
				},
			},
			{
				// Subject and description change in place, and the new values are
				// visible on the first refresh even though the API applies
				// settings asynchronously.
				Config: env.config(groupConfig(renamed, `  description = "Updated description"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("d360_group.test", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("subject"), knownvalue.StringExact(renamed)),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("description"), knownvalue.StringExact("Updated description")),
				},
			},
			{
				// Removing the description from the configuration clears it.
				Config: env.config(groupConfig(renamed, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("d360_group.test", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("description"), knownvalue.Null()),
					env.expectGroupDescription("d360_group.test", ""),
				},
			},
			{
				ResourceName:      "d360_group.test",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// An import block plans a no-op import, and
				// -generate-config-out writes a configuration that plans no change.
				ResourceName:    "d360_group.test",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				ResourceName:    "d360_group.test",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
			},
		},
	})
}

func TestAccGroup_createAnsweringID(t *testing.T) {
	// The answered id is a hint a GET must confirm (TestAccReadings_group
	// covers an id that is not yet, or never, a group): here the group is
	// visible at once, so the GET confirms it and no list polling follows.
	env := newAccEnv(t, func(o *emulator.Options) { o.CreateResponse = emulator.CreateResponseID; o.CreateDelay = 0 })
	env.requireEmulator(t) // the answer variant and the call count are the emulator's
	subject := randomName(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{{
			Config: env.config(groupConfig(subject, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("subject"), knownvalue.StringExact(subject)),
				env.expectGroupCount(1),
				// One scan records the groups that existed before the create
				// (the provider cannot know in advance which answer it gets);
				// no polling follows when the API answers the id.
				stateCheckFunc(func(context.Context, *tfjson.State) error {
					if n := env.Emulator.Calls("groups.list"); n != 1 {
						return fmt.Errorf("a create answering the group id made %d list calls, want 1", n)
					}
					return nil
				}),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

func TestAccGroup_joinApprovalModeChangeReplaces(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config:            env.config(groupConfig(subject, `  join_approval_mode = "auto_approve"`)),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue("d360_group.test", tfjsonpath.New("id"))},
			},
			{
				Config: env.config(groupConfig(subject, `  join_approval_mode = "approval_required"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionDestroyBeforeCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue("d360_group.test", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("join_approval_mode"), knownvalue.StringExact("approval_required")),
					env.expectGroupCount(1),
				},
			},
			{
				ResourceName:      "d360_group.test",
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// writeJPEG writes a size x size JPEG filled with c.
func writeJPEG(t *testing.T, path string, width, height int, c color.Color) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for y := range height {
		for x := range width {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestAccGroup_profilePicture(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	picture := filepath.Join(t.TempDir(), "logo.jpg")
	writeJPEG(t, picture, 192, 192, color.RGBA{R: 200, A: 255})
	cfg := env.config(groupConfig(subject, fmt.Sprintf("  profile_picture_file = %q", picture)))
	sameID := statecheck.CompareValue(compare.ValuesSame())
	digestChanged := statecheck.CompareValue(compare.ValuesDiffer())

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("d360_group.test", tfjsonpath.New("id")),
					digestChanged.AddStateValue("d360_group.test", tfjsonpath.New("profile_picture_sha256")),
					env.expectPictureMatchesState("d360_group.test"),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Same path, new content: an in-place update uploads it.
				PreConfig: func() { writeJPEG(t, picture, 256, 256, color.RGBA{B: 200, A: 255}) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("d360_group.test", tfjsonpath.New("id")),
					digestChanged.AddStateValue("d360_group.test", tfjsonpath.New("profile_picture_sha256")),
					env.expectPictureMatchesState("d360_group.test"),
				},
			},
			{
				ResourceName:      "d360_group.test",
				ImportState:       true,
				ImportStateVerify: true,
				// The API cannot read a picture back, so an import cannot know it.
				ImportStateVerifyIgnore: []string{"profile_picture_file", "profile_picture_sha256"},
			},
		},
	})
}

func TestAccGroup_driftDeletedOutOfBand(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config: env.config(groupConfig(subject, "")),
				Check: func(s *terraform.State) error {
					firstID = groupID(s, "d360_group.test")
					return nil
				},
			},
			{
				// The group is deleted outside Terraform: the plan re-creates it
				// instead of failing.
				PreConfig: func() { env.deleteGroupOutOfBand(t, firstID) },
				Config:    env.config(groupConfig(subject, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionCreate),
					},
				},
				Check: func(s *terraform.State) error {
					if id := groupID(s, "d360_group.test"); id == firstID {
						return fmt.Errorf("group id did not change after re-creation")
					}
					return nil
				},
			},
		},
	})
}

func TestAccGroup_driftEditedOutOfBand(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	cfg := env.config(groupConfig(subject, `  description = "declared"`))
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					id = groupID(s, "d360_group.test")
					return nil
				},
			},
			{
				// Edited through the API, as someone with the same key would;
				// the subject keeps the test prefix so a sweeper finds it.
				PreConfig: func() { env.editGroupOutOfBand(t, id, subject+"-edited", "changed in the app") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("subject"), knownvalue.StringExact(subject)),
					env.expectGroupDescription("d360_group.test", "declared"),
				},
			},
		},
	})
}

func TestAccGroup_sameSubjectInOneApply(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	// Groups with this subject that existed before must never be adopted.
	preexisting := []string{env.seedGroup(t, subject, "", "auto_approve"), env.seedGroup(t, subject, "", "auto_approve")}
	cfg := env.config(fmt.Sprintf(`
resource "d360_group" "test" {
  count   = 10
  subject = %q
}
`, subject))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(s *terraform.State) error {
				bound := map[string]string{}
				for i := range 10 {
					name := fmt.Sprintf("d360_group.test.%d", i)
					id := groupID(s, name)
					if other, dup := bound[id]; dup {
						return fmt.Errorf("%s and %s are bound to the same group %s", other, name, id)
					}
					for _, p := range preexisting {
						if id == p {
							return fmt.Errorf("%s adopted the pre-existing group %s", name, id)
						}
					}
					bound[id] = name
				}
				if env.Emulator != nil {
					if n := len(env.Emulator.Groups()); n != 12 {
						return fmt.Errorf("emulator holds %d groups, want 12 (2 pre-existing + 10 created)", n)
					}
				} else if n := env.groupsWithSubject(t, subject); n != 12 {
					return fmt.Errorf("the API lists %d groups named %q, want 12 (2 pre-existing + 10 created)", n, subject)
				}
				return nil
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	if env.Emulator != nil {
		if got := len(env.Emulator.Groups()); got != 2 {
			t.Fatalf("after destroy the emulator holds %d groups, want the 2 pre-existing ones", got)
		}
	} else if got := env.groupsWithSubject(t, subject); got != 2 {
		t.Fatalf("after destroy the API lists %d groups named %q, want the 2 pre-existing ones", got, subject)
	}
}

func TestAccGroup_lostCreateResponse(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	subject := randomName(t)
	// The API creates the group, then the connection drops before the answer.
	em.AddFault(emulator.FaultRule{Kind: emulator.FaultLostAfter, Route: "groups.create", Count: 1})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{{
			Config: env.config(groupConfig(subject, "")),
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectGroupCount(1),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	if n := em.Calls("groups.create"); n != 1 {
		t.Fatalf("the create was sent %d times; a lost response must be resolved by looking, not by posting again", n)
	}
}

func TestAccGroup_resetBeforeCreateIsRetried(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	subject := randomName(t)
	// The connection drops before the API acts: after looking and finding
	// nothing, the provider asks again and ends with exactly one group.
	em.AddFault(emulator.FaultRule{Kind: emulator.FaultResetBefore, Route: "groups.create", Count: 1})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{{
			Config:            env.config(groupConfig(subject, "")),
			ConfigStateChecks: []statecheck.StateCheck{env.expectGroupCount(1)},
		}},
	})
	if n := em.Calls("groups.create"); n != 2 {
		t.Fatalf("the create was sent %d times, want 2 (one lost before the API acted, one retry)", n)
	}
}

func TestAccGroup_createTimeoutKeepsGroupTainted(t *testing.T) {
	env := newAccEnv(t, func(o *emulator.Options) { o.CreateDelay = 3 * time.Second })
	em := env.requireEmulator(t)
	subject := randomName(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config:      env.config(groupConfig(subject, `  timeouts = { create = "1s" }`)),
				ExpectError: regexp.MustCompile(`Timed out waiting for the group to be created`),
			},
			{
				// Right away, before the group has appeared: the plan keeps the
				// tainted placeholder and replaces it; destroying it waits for
				// the late group and deletes it. Exactly one group remains.
				Config: env.config(groupConfig(subject, `  timeouts = { create = "30s" }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.expectGroupCount(1)},
			},
		},
	})
	if n := em.PendingCreates(); n != 0 {
		t.Fatalf("%d creations still pending", n)
	}
}

// Destroying a create that timed out waits for its group and deletes it.
func TestAccGroup_createTimeoutThenDestroy(t *testing.T) {
	env := newAccEnv(t, func(o *emulator.Options) { o.CreateDelay = 2 * time.Second })
	em := env.requireEmulator(t)
	subject := randomName(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy: func(*terraform.State) error {
			if n := len(em.Groups()) + em.PendingCreates(); n != 0 {
				return fmt.Errorf("destroying a timed-out create left %d groups", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config:      env.config(groupConfig(subject, `  timeouts = { create = "500ms" }`)),
			ExpectError: regexp.MustCompile(`Timed out waiting for the group to be created`),
		}},
	})
}

// A timed-out create never takes over a group another resource owns, even
// one with the same subject, description and mode.
func TestAccGroup_createTimeoutNeverAdoptsASibling(t *testing.T) {
	env := newAccEnv(t, func(o *emulator.Options) { o.CreateDelay = 700 * time.Millisecond })
	em := env.requireEmulator(t)
	subject := randomName(t)
	a := fmt.Sprintf("resource \"d360_group\" \"a\" {\n  subject = %q\n}\n", subject)
	b := func(timeout string) string {
		return fmt.Sprintf("resource \"d360_group\" \"b\" {\n  subject = %q\n  timeouts = { create = %q }\n}\n", subject, timeout)
	}
	var aID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config: env.config(a),
				Check: func(s *terraform.State) error {
					aID = groupID(s, "d360_group.a")
					return nil
				},
			},
			{
				Config:      env.config(a + b("300ms")),
				ExpectError: regexp.MustCompile(`Timed out waiting for the group to be created`),
			},
			{
				Config: env.config(a + b("30s")),
				Check: func(s *terraform.State) error {
					if _, ok := em.Group(aID); !ok {
						return fmt.Errorf("the group of d360_group.a was deleted by the replacement of d360_group.b")
					}
					if id := groupID(s, "d360_group.a"); id != aID {
						return fmt.Errorf("d360_group.a changed from %s to %s", aID, id)
					}
					if n := len(em.Groups()); n != 2 {
						return fmt.Errorf("emulator holds %d groups, want 2 (one per resource, b's late group deleted)", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccGroup_refreshCostsOneCall(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	cfg := env.config(groupConfig(subject, ""))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// A refresh reads the group once; the plan that follows is not
				// counted.
				PreConfig:    env.resetCounters,
				RefreshState: true,
				Check: func(*terraform.State) error {
					return env.onEmulator(func(em *emulator.Emulator) error {
						if n := em.TotalCalls(); n != 1 {
							return fmt.Errorf("refreshing one group cost %d API calls (%v), want 1", n, em.CallCounts())
						}
						return nil
					})()
				},
			},
		},
	})
}

func TestAccGroup_validation(t *testing.T) {
	env := newAccEnv(t)
	dir := t.TempDir()
	notJPEG := filepath.Join(dir, "logo.png")
	writePNG(t, notJPEG, 200)
	notSquare := filepath.Join(dir, "wide.jpg")
	writeJPEG(t, notSquare, 300, 200, color.White)
	tooSmall := filepath.Join(dir, "small.jpg")
	writeJPEG(t, tooSmall, 191, 191, color.White)

	cases := []struct {
		name, body string
		want       string
	}{
		{"empty subject", `subject = ""`, `Attribute subject UTF-8 character count must be between 1 and 128`},
		{"long subject", fmt.Sprintf(`subject = %q`, string(bytes.Repeat([]byte("a"), 129))), `Attribute subject UTF-8 character count must be between 1 and 128, got: 129`},
		{"blank subject", `subject = "   "`, `must contain non-whitespace`},
		{"untrimmed subject", `subject = " Support "`, `starts or ends with whitespace`},
		{"long description", fmt.Sprintf(`subject = "x"
  description = %q`, string(bytes.Repeat([]byte("d"), 2049))), `Attribute description UTF-8 character count must be between 1 and 2048`},
		// A heredoc ends with a newline the API may trim away (issue 13):
		// refused at plan time, with trimspace() suggested.
		{"heredoc description", "subject = \"x\"\n  description = <<-EOT\n    Support\n  EOT", `description(.|\n)*starts or ends with(.|\n)*whitespace(.|\n)*trimspace`},
		{"untrimmed description", `subject = "x"
  description = " Support"`, `starts or ends with whitespace`},
		{"empty description", `subject = "x"
  description = ""`, `Attribute description UTF-8 character count must be between 1 and 2048`},
		{"bad mode", `subject = "x"
  join_approval_mode = "manual"`, `join_approval_mode.*value must be one of`},
		// A missing file is checked at apply time instead (another resource
		// may write it): TestAccGroup_pictureMissingAtApply.
		{"picture not jpeg", fmt.Sprintf(`subject = "x"
  profile_picture_file = %q`, notJPEG), `not a JPEG image`},
		{"picture not square", fmt.Sprintf(`subject = "x"
  profile_picture_file = %q`, notSquare), `must be square`},
		{"picture too small", fmt.Sprintf(`subject = "x"
  profile_picture_file = %q`, tooSmall), `at least 192x192`},
		{"bad timeout", `subject = "x"
  timeouts = { create = "soon" }`, `must be a string containing a sequence of decimal numbers`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      env.config(fmt.Sprintf("resource \"d360_group\" \"test\" {\n  %s\n}\n", tc.body)),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)` + tc.want),
				}},
			})
		})
	}
	if env.Emulator != nil && env.Emulator.TotalCalls() != 0 {
		t.Fatalf("invalid configurations cost %d API calls (%v), want 0", env.Emulator.TotalCalls(), env.Emulator.CallCounts())
	}
}

func writePNG(t *testing.T, path string, size int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A create the API refuses fails with the code, the API's words and what to
// do about it, and leaves nothing behind.
func TestAccGroup_createRefusedByTheAPI(t *testing.T) {
	cases := []struct {
		name  string
		setup func(*emulator.Emulator)
		opts  func(*emulator.Options)
		want  string
	}{
		{
			name:  "group cap reached",
			opts:  func(o *emulator.Options) { o.MaxGroups = 1 },
			setup: func(em *emulator.Emulator) { em.SeedGroup("existing", "", "auto_approve") },
			want:  `API error 131211 \(Group create limit reached\)(.|\n)*maximum of 10,000 groups`,
		},
		{
			name:  "creation disabled",
			setup: func(em *emulator.Emulator) { em.FailCreates(131214) },
			want:  `API error 131214(.|\n)*temporarily(.|\n)*disabled(.|\n)*Wait and try again later`,
		},
		{
			name:  "number not eligible",
			setup: func(em *emulator.Emulator) { em.FailCreates(131215) },
			want:  `API error 131215(.|\n)*Official(.|\n)*Business(.|\n)*Account`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var opts []func(*emulator.Options)
			if tc.opts != nil {
				opts = append(opts, tc.opts)
			}
			env := newAccEnv(t, opts...)
			em := env.requireEmulator(t)
			tc.setup(em)
			before := len(em.Groups())
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      env.config(groupConfig(randomName(t), "")),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			if after := len(em.Groups()) + em.PendingCreates(); after != before {
				t.Fatalf("a refused create changed the number of groups from %d to %d", before, after)
			}
		})
	}
}

// A group WhatsApp suspended shows suspended = true after refresh (with a
// warning), and a change to it fails with 131207 and an explanation.
func TestAccGroup_suspended(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	subject := randomName(t)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(groupConfig(subject, "")),
				Check: func(s *terraform.State) error {
					id = groupID(s, "d360_group.test")
					return nil
				},
			},
			{
				PreConfig:    func() { _ = em.SetSuspended(id, true) },
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr("d360_group.test", "suspended", "true"),
			},
			{
				Config:      env.config(groupConfig(subject+"-renamed", "")),
				ExpectError: regexp.MustCompile(`131207(.|\n)*suspended(.|\n)*policy violation`),
			},
			{
				// Once the suspension is cleared, the change goes through and
				// the group can be destroyed.
				PreConfig: func() { _ = em.SetSuspended(id, false) },
				Config:    env.config(groupConfig(subject+"-renamed", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("suspended"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("subject"), knownvalue.StringExact(subject+"-renamed")),
				},
			},
		},
	})
}

// Moving the picture file (same content, new path) plans no change and
// uploads nothing; new content at the new path is uploaded.
func TestAccGroup_profilePictureRenamed(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	dir := t.TempDir()
	oldPath, newPath := filepath.Join(dir, "logo.jpg"), filepath.Join(dir, "assets-logo.jpg")
	writeJPEG(t, oldPath, 192, 192, color.RGBA{R: 200, A: 255})
	cfg := func(p string) string {
		return env.config(groupConfig(subject, fmt.Sprintf("  profile_picture_file = %q", p)))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{Config: cfg(oldPath)},
			{
				PreConfig: func() {
					if err := os.Rename(oldPath, newPath); err != nil {
						t.Fatal(err)
					}
					env.resetCounters()
				},
				Config: cfg(newPath),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(env.onEmulator(func(em *emulator.Emulator) error {
					if n := em.Calls("groups.update"); n != 0 {
						return fmt.Errorf("%d update calls for a moved file, want 0", n)
					}
					return nil
				}))},
			},
			{
				PreConfig: func() { writeJPEG(t, newPath, 256, 256, color.RGBA{B: 200, A: 255}) },
				Config:    cfg(newPath),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("profile_picture_file"), knownvalue.StringExact(newPath)),
					env.expectPictureMatchesState("d360_group.test"),
				},
			},
		},
	})
}
