package provider

import (
	"context"
	"fmt"
	"image/color"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// Tests of behaviour outside the tidy conditions of the other tests: the
// world changes between plan and apply, the API leaves out defaults, the
// endpoint is not the API.

// betweenPlanAndApply runs act after the step's plan was saved and before
// Terraform applies that saved plan (terraform-plugin-testing applies the
// plan file it checked), like `terraform plan -out` then `terraform apply
// planfile` with the outside world acting in between.
type betweenPlanAndApply func()

func (f betweenPlanAndApply) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

// A saved plan that edits a group stays valid when users join before it is
// applied: the values the API changes on its own are unknown in that plan.
func TestAccGroup_savedPlanWhileUsersJoin(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	subject := randomName(t)
	joined := 0
	join := betweenPlanAndApply(func() {
		for _, g := range em.Groups() {
			if g.Subject == subject {
				for range 2 {
					joined++
					must(t, em.JoinViaLink(g.InviteLink, fmt.Sprintf("1555010%04d", joined)))
				}
			}
		}
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{Config: env.config(groupConfig(subject, `  description = "before"`))},
			{
				Config: env.config(groupConfig(subject, `  description = "after"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue("d360_group.test", tfjsonpath.New("total_participant_count")),
						plancheck.ExpectUnknownValue("d360_group.test", tfjsonpath.New("suspended")),
						plancheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("creation_timestamp"), knownvalue.NotNull()),
						join,
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("total_participant_count"), knownvalue.Int64Exact(2)),
				},
			},
			{
				// Without a configuration change nothing is planned, however
				// many users joined.
				PreConfig: func() { join() },
				Config:    env.config(groupConfig(subject, `  description = "after"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// An API that leaves out join_approval_mode when it is the default: the
// import holds the default, so the configuration of the real group plans no
// change (a replacement would remove every participant).
func TestAccGroup_importWhenTheAPIOmitsDefaults(t *testing.T) {
	env := newAccEnv(t, func(o *emulator.Options) { o.OmitDefaults = true })
	em := env.requireEmulator(t)
	subject := randomName(t)
	id := em.SeedGroup(subject, "", "")
	cfg := env.config(groupConfig(subject, ""))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config:          cfg,
				ResourceName:    "d360_group.test",
				ImportState:     true,
				ImportStateId:   id,
				ImportStateKind: resource.ImportBlockWithID,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionNoop),
						plancheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("join_approval_mode"), knownvalue.StringExact("auto_approve")),
					},
				},
			},
			{
				Config:        cfg,
				ResourceName:  "d360_group.test",
				ImportState:   true,
				ImportStateId: id,
				ImportStateCheck: func(s []*terraform.InstanceState) error {
					if got := s[0].Attributes["join_approval_mode"]; got != "auto_approve" {
						return fmt.Errorf("imported join_approval_mode = %q, want auto_approve", got)
					}
					return nil
				},
			},
		},
	})
}

// A create whose timeout passes before the request was sent (here during
// the scan of existing groups) created nothing: it fails without a pending
// placeholder, so it can never adopt a group that existed before it.
func TestAccGroup_createTimeoutBeforeSendingSavesNothing(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	subject := randomName(t)
	existing := em.SeedGroup(subject, "", "")
	em.AddFault(emulator.FaultRule{Kind: emulator.FaultLatency, Route: "groups.list", Latency: 2 * time.Second, Count: 1})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      env.config(groupConfig(subject, `  timeouts = { create = "500ms" }`)),
				ExpectError: regexp.MustCompile(`group\s+was\s+not\s+created\s+and\s+nothing\s+was\s+sent`),
			},
			{
				Config: env.config(groupConfig(subject, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("id"), knownvalue.NotNull()),
					stateCheckFunc(func(context.Context, *tfjson.State) error {
						if _, ok := em.Group(existing); !ok {
							return fmt.Errorf("the group %s that existed before the create was deleted", existing)
						}
						return nil
					}),
				},
			},
		},
	})
}

// notTheAPI answers every request with what a wrong base_url, a proxy or a
// captive portal answers while broken is set, which a DELETE sets when
// onDelete is.
func notTheAPI(broken, onDelete *atomic.Bool, status int, contentType, body string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodDelete && onDelete.Load() {
				broken.Store(true)
			}
			if broken.Load() {
				if contentType != "" {
					w.Header().Set("Content-Type", contentType)
				}
				w.WriteHeader(status)
				_, _ = w.Write([]byte(body))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// A wrong endpoint is an error naming the URL path and the status, never
// "the group is gone": refresh keeps the resource and destroy fails.
func TestAccGroup_wrongEndpointIsNeverGone(t *testing.T) {
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
	}{
		{"bare 404", "", "", http.StatusNotFound},
		{"html 404", "text/html", "<html><body><h1>Not Found</h1></body></html>", http.StatusNotFound},
		{"plain text 404", "text/plain", "404 page not found", http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := newAccEnv(t)
			em := base.requireEmulator(t)
			var broken, onDelete atomic.Bool
			env := base.through(t, notTheAPI(&broken, &onDelete, tc.status, tc.contentType, tc.body))
			subject := randomName(t)
			cfg := env.config(groupConfig(subject, ""))
			// The path is the backend's: /groups/<id> (360dialog) or /<version>/<id> (meta).
			wantErr := regexp.MustCompile(`(?s)(/groups/|/v[0-9.]+/)\S+.*HTTP 404.*not an answer of the API`)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				CheckDestroy:             base.checkNoGroup(subject),
				Steps: []resource.TestStep{
					{Config: cfg},
					{
						PreConfig:   func() { broken.Store(true) },
						Config:      cfg,
						ExpectError: wantErr,
					},
					{
						// Refresh works, the DELETE and everything after it
						// meet the wrong endpoint.
						PreConfig:   func() { broken.Store(false); onDelete.Store(true) },
						Config:      cfg,
						Destroy:     true,
						ExpectError: wantErr,
					},
					{
						PreConfig: func() {
							broken.Store(false)
							onDelete.Store(false)
							if n := len(em.Groups()); n != 1 {
								t.Errorf("the failed destroy left %d groups, want 1", n)
							}
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
		})
	}
}

// A picture file that a resource of the same apply writes does not exist at
// plan time: it is checked when the group is created.
func TestAccGroup_pictureWrittenDuringTheApply(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	picture := filepath.Join(t.TempDir(), "made-later.jpg")
	cfg := env.config(groupConfig(subject, fmt.Sprintf("  profile_picture_file = %q", picture)))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectUnknownValue("d360_group.test", tfjsonpath.New("profile_picture_sha256")),
						betweenPlanAndApply(func() { writeJPEG(t, picture, 200, 200, color.RGBA{G: 200, A: 255}) }),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("profile_picture_sha256"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
					env.expectPictureMatchesState("d360_group.test"),
				},
			},
		},
	})
}

// A picture file still missing when the apply needs it fails there, naming
// the attribute, before the group is created.
func TestAccGroup_pictureMissingAtApply(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	picture := filepath.Join(t.TempDir(), "never-written.jpg")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      env.config(groupConfig(subject, fmt.Sprintf("  profile_picture_file = %q", picture))),
			ExpectError: regexp.MustCompile(`(?s)profile_picture_file.*never-written\.jpg:\s+no\s+such\s+file`),
		}},
	})
	if em := env.Emulator; em != nil {
		if n := em.Calls("groups.create"); n != 0 {
			t.Fatalf("a missing picture sent %d creates", n)
		}
	} else if n := env.groupsWithSubject(t, subject); n != 0 {
		t.Fatalf("a missing picture created %d groups", n)
	}
}

// A group without description has a null description in the data source,
// as in the resource.
func TestAccGroupDataSource_noDescriptionIsNull(t *testing.T) {
	env := newAccEnv(t)
	subject := randomName(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{{
			Config: env.config(groupConfig(subject, "") + `
data "d360_group" "test" {
  id = d360_group.test.id
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("description"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.d360_group.test", tfjsonpath.New("description"), knownvalue.Null()),
			},
		}},
	})
}

// The advice for several error codes comes in the order of the codes, so
// the same failure always reads the same.
func TestReportOutcomeAdviceOrder(t *testing.T) {
	out := membershipOutcome{failures: []membershipFailure{
		{user: "1", action: actionApprove, err: client.APIError{Code: client.CodeTermsNotAccepted}},
		{user: "2", action: actionApprove, err: client.APIError{Code: client.CodeParticipantOverlimit}},
		{user: "3", action: actionApprove, err: client.APIError{Code: client.CodeJoinRequestUnknown}},
		{user: "4", action: actionApprove, err: client.APIError{Code: client.CodeGroupSuspended}},
	}}
	var first string
	for range 30 {
		var diags diag.Diagnostics
		reportOutcome("g", out, &diags)
		detail := diags[0].Detail()
		if first == "" {
			first = detail
		}
		if detail != first {
			t.Fatalf("the same outcome was reported differently:\n%s\n---\n%s", first, detail)
		}
	}
	var at []int
	for _, code := range []int{client.CodeTermsNotAccepted, client.CodeParticipantOverlimit, client.CodeGroupSuspended, client.CodeJoinRequestUnknown} {
		at = append(at, strings.Index(first, fmt.Sprintf("\n\n%d: ", code)))
	}
	for i := 1; i < len(at); i++ {
		if at[i-1] < 0 || at[i] < at[i-1] {
			t.Fatalf("advice not in code order:\n%s", first)
		}
	}
}
