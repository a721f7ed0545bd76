package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

const templateAddr = "d360_invite_template.test"

func templateConfig(name, language, extra string) string {
	return fmt.Sprintf(`
resource "d360_invite_template" "test" {
  name     = %q
  language = %q
%s
}
`, name, language, extra)
}

// customComponents is a custom template body, pretty-printed.
const customComponents = `  components = <<-EOT
    [
      {
        "type": "BODY",
        "text": "Join our customer community: tap the link below.",
        "example": { "body_text": [["Peter"]] }
      },
      { "type": "FOOTER", "text": "Reply STOP to opt out" }
    ]
  EOT`

// customComponentsReformatted means the same: other whitespace, other key
// order.
const customComponentsReformatted = `  components = "[{\"text\":\"Join our customer community: tap the link below.\",\"example\":{\"body_text\":[[\"Peter\"]]},\"type\":\"BODY\"},{\"text\":\"Reply STOP to opt out\",\"type\":\"FOOTER\"}]"`

// customComponentsChanged differs in meaning (another footer).
const customComponentsChanged = `  components = jsonencode([
    { type = "BODY", text = "Join our customer community: tap the link below." },
    { type = "FOOTER", text = "Reply STOP to unsubscribe" },
  ])`

// templateImportID builds "name/language" from the state.
func templateImportID(s *terraform.State) (string, error) {
	r, ok := s.RootModule().Resources[templateAddr]
	if !ok {
		return "", fmt.Errorf("%s not in state", templateAddr)
	}
	return r.Primary.Attributes["name"] + "/" + r.Primary.Attributes["language"], nil
}

// expectTemplates checks the languages the emulator holds for name.
func expectTemplates(em *emulator.Emulator, name string, languages ...string) func() error {
	return func() error {
		var got []string
		for _, tpl := range em.Templates() {
			if tpl.Name == name {
				got = append(got, tpl.Language)
			}
		}
		if strings.Join(got, ",") != strings.Join(languages, ",") {
			return fmt.Errorf("emulator holds %s in languages %v, want %v", name, got, languages)
		}
		return nil
	}
}

func TestAccInviteTemplate_library(t *testing.T) {
	env := newAccEnv(t)
	name := randomTemplateName(t)
	cfg := env.config(templateConfig(name, "en_US", ""))
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             func(*terraform.State) error { return env.expectTemplates(name)() },
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(templateAddr, tfjsonpath.New("library_template_name"), knownvalue.StringExact("group_invite_link")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("category"), knownvalue.StringExact("UTILITY")),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("library_template_name"), knownvalue.StringExact("group_invite_link")),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("components"), knownvalue.Null()),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("status"), knownvalue.StringExact("approved")),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("rejected_reason"), knownvalue.Null()),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("wait_for_approval"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("delete_all_languages"), knownvalue.Bool(false)),
					sameID.AddStateValue(templateAddr, tfjsonpath.New("id")),
					inviteCheck(env.expectTemplates(name, "en_US")),
					// How the API lists a library template's origin is a reading
					// of its own (see TestAccInviteTemplate_importLibraryTemplateByID).
					inviteCheck(env.onEmulator(func(em *emulator.Emulator) error {
						for _, tpl := range em.Templates() {
							if tpl.Name == name && (tpl.LibraryTemplateName != "group_invite_link" || tpl.Category != "UTILITY") {
								return fmt.Errorf("the API got %+v", tpl)
							}
						}
						return nil
					})),
				},
			},
			{
				ResourceName:      templateAddr,
				ImportState:       true,
				ImportStateIdFunc: templateImportID,
				ImportStateVerify: true,
			},
			{
				ResourceName:      templateAddr,
				ImportState:       true,
				ImportStateIdFunc: templateImportID,
				ImportStateKind:   resource.ImportBlockWithID,
			},
			{
				// Local-only arguments change in place; a refresh costs one
				// list call and the update none.
				PreConfig: env.resetCounters,
				Config: env.config(templateConfig(name, "en_US", `  wait_for_approval    = true
  delete_all_languages = true
  timeouts = {
    create = "5m"
  }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionUpdate),
						invitePlanCalls(env.Emulator, 1, map[string]int{"templates.list": 1}),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(templateAddr, tfjsonpath.New("id")),
					inviteStateCalls(env.Emulator, 1, nil),
				},
			},
			{
				// Templates cannot be edited: another language replaces it.
				SkipFunc: env.noTemplateNameReuse,
				Config:   env.config(templateConfig(name, "de", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionDestroyBeforeCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{inviteCheck(env.expectTemplates(name, "de"))},
			},
		},
	})
}

func TestAccInviteTemplate_custom(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	name := randomTemplateName(t)
	extra := func(components string) string {
		return fmt.Sprintf("  category              = \"MARKETING\"\n  allow_category_change = true\n%s", components)
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             func(*terraform.State) error { return expectTemplates(em, name)() },
		Steps: []resource.TestStep{
			{
				Config: env.config(templateConfig(name, "en_US", extra(customComponents))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(templateAddr, tfjsonpath.New("library_template_name"), knownvalue.Null()),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("library_template_name"), knownvalue.Null()),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("category"), knownvalue.StringExact("MARKETING")),
					// Custom templates wait for WhatsApp's review.
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					sameID.AddStateValue(templateAddr, tfjsonpath.New("id")),
					inviteCheck(func() error {
						for _, tpl := range em.Templates() {
							if tpl.Name == name && (!strings.Contains(string(tpl.Components), "Reply STOP to opt out") || !tpl.AllowCategoryChange) {
								return fmt.Errorf("the API got %+v", tpl)
							}
						}
						return nil
					}),
				},
			},
			{
				// Reformatting the JSON is not a change.
				Config: env.config(templateConfig(name, "en_US", extra(customComponentsReformatted))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(templateAddr, tfjsonpath.New("id"))},
			},
			{
				ResourceName:      templateAddr,
				ImportState:       true,
				ImportStateIdFunc: templateImportID,
				ImportStateVerify: true,
				// The API lists the components compacted, not in the
				// configuration's layout (the steps around this one prove
				// the two mean the same), and it never reports
				// allow_category_change.
				ImportStateVerifyIgnore: []string{"components", "allow_category_change"},
			},
			{
				// A planned import takes allow_category_change from the
				// configuration in place instead of replacing the template.
				ResourceName:       templateAddr,
				ImportState:        true,
				ImportStateIdFunc:  templateImportID,
				ImportStateKind:    resource.ImportBlockWithID,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionUpdate)},
				},
			},
			{
				// A change of meaning replaces the template.
				Config: env.config(templateConfig(name, "en_US", extra(customComponentsChanged))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionDestroyBeforeCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					inviteCheck(func() error {
						for _, tpl := range em.Templates() {
							if tpl.Name == name && !strings.Contains(string(tpl.Components), "unsubscribe") {
								return fmt.Errorf("the API still holds the old components: %s", tpl.Components)
							}
						}
						return expectTemplates(em, name, "en_US")()
					}),
				},
			},
		},
	})
}

// TestAccInviteTemplate_drift covers review changes made outside Terraform
// (state follows, nothing is replaced) and a template deleted outside
// Terraform (planned for re-creation).
func TestAccInviteTemplate_drift(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	name := randomTemplateName(t)
	cfg := env.config(templateConfig(name, "en_US", ""))
	differentID := statecheck.CompareValue(compare.ValuesDiffer())

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(templateAddr, tfjsonpath.New("id"))},
			},
			{
				PreConfig: func() {
					if err := em.SetTemplateStatus(name, "en_US", "REJECTED", "TAG_CONTENT_MISMATCH"); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("status"), knownvalue.StringExact("rejected")),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("rejected_reason"), knownvalue.StringExact("TAG_CONTENT_MISMATCH")),
				},
			},
			{
				PreConfig: func() {
					if err := em.SetTemplateStatus(name, "en_US", "approved", ""); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("status"), knownvalue.StringExact("approved")),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("rejected_reason"), knownvalue.Null()),
				},
			},
			{
				// Deleted through the API by someone else: re-created.
				PreConfig: func() {
					if err := env.apiClient().DeleteTemplate(context.Background(), name); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(templateAddr, tfjsonpath.New("id")),
					inviteCheck(expectTemplates(em, name, "en_US")),
				},
			},
			{
				// A template on its way out (pending_deletion) counts as gone.
				PreConfig: func() {
					if err := em.SetTemplateStatus(name, "en_US", "pending_deletion", ""); err != nil {
						t.Fatal(err)
					}
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestAccInviteTemplate_waitForApprovalApproved(t *testing.T) {
	env := newAccEnv(t, func(o *emulator.Options) { o.TemplateReviewDelay = 300 * time.Millisecond })
	em := env.requireEmulator(t)
	name := randomTemplateName(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: em.ResetCounters,
			Config:    env.config(templateConfig(name, "en_US", customComponents+"\n  wait_for_approval = true")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("status"), knownvalue.StringExact("approved")),
				inviteCheck(func() error {
					// The template was pending at first: several polls.
					if n := em.Calls("templates.list"); n < 3 {
						return fmt.Errorf("templates were listed %d times; the create did not wait for the review", n)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccInviteTemplate_waitForApprovalRejected(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	name := randomTemplateName(t)
	cfg := env.config(templateConfig(name, "en_US", customComponents+"\n  wait_for_approval = true"))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             func(*terraform.State) error { return expectTemplates(em, name)() },
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { reviewWhenSubmitted(t, em, name, "en_US", "rejected", "INVALID_FORMAT") },
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Template not approved.*rejected.*rejected_reason:\s+INVALID_FORMAT.*tainted`),
			},
			{
				// The rejected template was kept (tainted), not orphaned: the
				// next plan replaces it.
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestAccInviteTemplate_waitForApprovalTimeout(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	name := randomTemplateName(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             func(*terraform.State) error { return expectTemplates(em, name)() },
		Steps: []resource.TestStep{{
			Config: env.config(templateConfig(name, "en_US", customComponents+`
  wait_for_approval = true
  timeouts = {
    create = "400ms"
  }`)),
			ExpectError: regexp.MustCompile(`(?s)Timed out waiting for the template.*was not\s+approved\s+\(status:\s+pending\)\s+within\s+400ms.*tainted.*its\s+review.*terraform\s+untaint\s+<address>`),
		}},
	})
}

func TestAccInviteTemplate_deleteGuard(t *testing.T) {
	env := newAccEnv(t)
	name := randomTemplateName(t)
	// Another language of the same name, not managed by this configuration.
	env.seedTemplate(t, emulator.Template{Name: name, Language: "de", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:            env.config(templateConfig(name, "en_US", "")),
				ConfigStateChecks: []statecheck.StateCheck{inviteCheck(env.expectTemplates(name, "de", "en_US"))},
			},
			{
				// Destroying would delete the German template too: refused,
				// and both stay.
				PreConfig:   env.resetCounters,
				Config:      env.config(""),
				ExpectError: regexp.MustCompile(`(?s)Refusing to delete other languages.*every language of\s+"` + name + `".*it also exists\s+in:\s+de.*delete_all_languages`),
			},
			{
				PreConfig: func() {
					if err := env.expectTemplates(name, "de", "en_US")(); err != nil {
						t.Fatal(err)
					}
					if em := env.Emulator; em != nil {
						if n := em.Calls("templates.delete"); n != 0 {
							t.Fatalf("the refused destroy sent %d delete calls", n)
						}
					}
				},
				Config: env.config(templateConfig(name, "en_US", "  delete_all_languages = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionUpdate)},
				},
			},
			{
				// With the opt-in, destroy deletes the name in every language.
				Config:            env.config(""),
				ConfigStateChecks: []statecheck.StateCheck{inviteCheck(env.expectTemplates(name))},
			},
		},
	})
}

// seedCustomTemplate stores an approved custom template with the
// components of customComponents, as if created outside Terraform (in live
// mode created through the API, its status then being WhatsApp's).
func seedCustomTemplate(t *testing.T, env *accEnv, name string) {
	t.Helper()
	env.seedTemplate(t, emulator.Template{Name: name, Language: "en_US", Category: "MARKETING", Status: "approved",
		Components: json.RawMessage(`[{"type":"BODY","text":"Join our customer community: tap the link below.","example":{"body_text":[["Peter"]]}},` +
			`{"type":"FOOTER","text":"Reply STOP to opt out"}]`)})
}

// TestAccInviteTemplate_importedComponentsChangeReplaces: the import reads
// the components (the listing cannot say whether they came from the
// library); changing them right after the import is a change between two
// known values and replaces the template, instead of being recorded in
// place without reaching the API.
func TestAccInviteTemplate_importedComponentsChangeReplaces(t *testing.T) {
	env := newAccEnv(t)
	if skip, _ := env.noTemplateNameReuse(); skip {
		t.Skip("live mode: this test deletes a template name and creates it again, which Meta refuses for 30 days")
	}
	name := randomTemplateName(t)
	seedCustomTemplate(t, env, name)
	extra := func(components string) string { return "  category = \"MARKETING\"\n" + components }

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:             env.config(templateConfig(name, "en_US", extra(customComponents))),
				ResourceName:       templateAddr,
				ImportState:        true,
				ImportStateId:      name + "/en_US",
				ImportStatePersist: true,
			},
			{
				Config: env.config(templateConfig(name, "en_US", extra(customComponentsChanged))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					inviteCheck(env.templateHolds(name, "unsubscribe")),
					inviteCheck(env.expectTemplates(name, "en_US")),
				},
			},
		},
	})
}

// TestAccInviteTemplate_allowCategoryChangeFromNull: the API cannot report
// allow_category_change, so an import leaves it null. Setting it then, even
// after plans that needed no update, is recorded in place; changing it from
// a value replaces the template (the API cannot edit it).
func TestAccInviteTemplate_allowCategoryChangeFromNull(t *testing.T) {
	env := newAccEnv(t)
	name := randomTemplateName(t)
	seedCustomTemplate(t, env, name)
	cfg := "  category = \"MARKETING\"\n" + customComponents
	templateID := func() string {
		listed, err := env.templatesNamed(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(listed) == 0 {
			return ""
		}
		return listed[0].ID
	}
	seeded := templateID()

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:             env.config(templateConfig(name, "en_US", cfg)),
				ResourceName:       templateAddr,
				ImportState:        true,
				ImportStateId:      name + "/en_US",
				ImportStatePersist: true,
			},
			{
				Config: env.config(templateConfig(name, "en_US", cfg)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: env.config(templateConfig(name, "en_US", cfg+"\n  allow_category_change = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{inviteCheck(func() error {
					if got := templateID(); got != seeded {
						return fmt.Errorf("the template was recreated (id %s, seeded %s)", got, seeded)
					}
					return nil
				})},
			},
			{
				SkipFunc: env.noTemplateNameReuse,
				Config:   env.config(templateConfig(name, "en_US", cfg+"\n  allow_category_change = false")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{inviteCheck(func() error {
					if got := templateID(); got == seeded || got == "" {
						return fmt.Errorf("the template was not recreated (id %q)", got)
					}
					return env.expectTemplates(name, "en_US")()
				})},
			},
		},
	})
}

// TestAccInviteTemplate_importLibraryTemplateByID: when the listing does not
// say a template came from the Template Library, the import id names its
// library template; the configuration that names it then plans no change
// instead of replacing a template read as a custom one.
func TestAccInviteTemplate_importLibraryTemplateByID(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	name := randomTemplateName(t)
	// Listed as the API may show it, without its origin: components, no library name.
	em.SeedTemplate(emulator.Template{Name: name, Language: "en_US", Category: "UTILITY", Status: "approved",
		Components: json.RawMessage(`[{"type":"BODY","text":"Tap below to join the group."},{"type":"BUTTONS","buttons":[{"type":"URL","text":"Join"}]}]`)})
	cfg := env.config(templateConfig(name, "en_US", ""))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       templateAddr,
				ImportState:        true,
				ImportStateId:      name + "/en_US/" + defaultLibraryTemplate,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if got := states[0].Attributes["library_template_name"]; got != defaultLibraryTemplate {
						return fmt.Errorf("library_template_name = %q, want %q", got, defaultLibraryTemplate)
					}
					if got, ok := states[0].Attributes["components"]; ok && got != "" {
						return fmt.Errorf("components read for a library template: %s", got)
					}
					return nil
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccInviteTemplate_alreadyExists points at import when the name and
// language are taken.
func TestAccInviteTemplate_alreadyExists(t *testing.T) {
	env := newAccEnv(t)
	name := randomTemplateName(t)
	env.seedTemplate(t, emulator.Template{Name: name, Language: "en_US", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
	cfg := env.config(templateConfig(name, "en_US", ""))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Template already exists.*terraform import <address>\s+` + name + `/en_US`),
			},
			{
				// Importing it as suggested gives a clean plan.
				Config:             cfg,
				ResourceName:       templateAddr,
				ImportState:        true,
				ImportStateId:      name + "/en_US",
				ImportStatePersist: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccInviteTemplate_lostCreateResponse: the create is carried out but
// its answer is lost; the provider finds the template instead of failing.
func TestAccInviteTemplate_lostCreateResponse(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	name := randomTemplateName(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				em.AddFault(emulator.FaultRule{Kind: emulator.FaultLostAfter, Route: "templates.create", Count: 1})
			},
			Config: env.config(templateConfig(name, "en_US", "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("status"), knownvalue.StringExact("approved")),
				inviteCheck(expectTemplates(em, name, "en_US")),
				inviteStateCalls(em, -1, map[string]int{"templates.create": 1}),
			},
		}},
	})
}

// lagTemplateListings makes the template listing show nothing while lag
// reports true, as a listing that has not caught up with a create yet.
func lagTemplateListings(lag func() bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && isTemplateListPath(r.URL.Path) && lag() {
				q := r.URL.Query()
				// 360dialog filters with `filters`, Graph with `name`.
				q.Set("filters", `{"business_templates.name":"tf_acc_listing_lags_behind"}`)
				q.Set("name", "tf_acc_listing_lags_behind")
				r.URL.RawQuery = q.Encode()
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TestAccInviteTemplate_lostCreateResponseListedLate: the answer to the
// create is lost and the listing shows the new template only from the third
// look on. The provider keeps looking instead of failing, and never sends
// the create again.
func TestAccInviteTemplate_lostCreateResponseListedLate(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	name := randomTemplateName(t)
	var missed atomic.Int32
	env = env.through(t, lagTemplateListings(func() bool { return em.Calls("templates.create") > 0 && missed.Add(1) <= 2 }))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				em.AddFault(emulator.FaultRule{Kind: emulator.FaultLostAfter, Route: "templates.create", Count: 1})
			},
			Config: env.config(templateConfig(name, "en_US", "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("id"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("status"), knownvalue.StringExact("approved")),
				inviteCheck(expectTemplates(em, name, "en_US")),
				inviteStateCalls(em, -1, map[string]int{"templates.create": 1}),
			},
		}},
	})
}

// TestAccInviteTemplate_unclearCreateNotDoneIsSentAgain: the create fails
// with a 500, so its outcome is unclear, but nothing was created. After
// looking long enough (AmbiguousCreateWait and at least 3 listings), the
// provider sends it again and ends with exactly one template.
func TestAccInviteTemplate_unclearCreateNotDoneIsSentAgain(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	name := randomTemplateName(t)
	var createdAt time.Time
	var listingsBefore int

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				em.ResetCounters()
				em.AddFault(emulator.FaultRule{Kind: emulator.Fault500, Route: "templates.create", Count: 1})
				createdAt = time.Now()
			},
			Config: env.config(templateConfig(name, "en_US", "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("status"), knownvalue.StringExact("approved")),
				inviteCheck(expectTemplates(em, name, "en_US")),
				inviteStateCalls(em, -1, map[string]int{"templates.create": 2}),
				inviteCheck(func() error {
					listingsBefore = em.Calls("templates.list")
					if waited := time.Since(createdAt); waited < env.timing.AmbiguousCreateWait {
						return fmt.Errorf("the create was sent again after %s, before AmbiguousCreateWait (%s)", waited, env.timing.AmbiguousCreateWait)
					}
					return nil
				}),
			},
		}},
	})
	// 3 looks before the second create, at least 1 after it, 1 refresh.
	if listingsBefore < ambiguousTemplateLooks+1 {
		t.Fatalf("%d listings, want at least %d", listingsBefore, ambiguousTemplateLooks+1)
	}
}

// TestAccInviteTemplate_lostCreateResponseAdoptedWhenRefusedAsDuplicate: the
// answer to the create is lost and the listing lags so long that the
// provider sends the create again; the API refuses it as a duplicate, which
// shows that the first attempt created the template, so it is adopted.
func TestAccInviteTemplate_lostCreateResponseAdoptedWhenRefusedAsDuplicate(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	name := randomTemplateName(t)
	env = env.through(t, lagTemplateListings(func() bool { return em.Calls("templates.create") == 1 }))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				em.AddFault(emulator.FaultRule{Kind: emulator.FaultLostAfter, Route: "templates.create", Count: 1})
			},
			Config: env.config(templateConfig(name, "en_US", "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("status"), knownvalue.StringExact("approved")),
				inviteCheck(expectTemplates(em, name, "en_US")),
				inviteStateCalls(em, -1, map[string]int{"templates.create": 2}),
			},
		}},
	})
}

func TestAccInviteTemplate_validation(t *testing.T) {
	env := newAccEnv(t)
	long := strings.Repeat("a", 513)
	body := strings.Repeat("b", 1025)
	cases := []struct {
		name, body, want string
	}{
		{"name with capitals", `name = "Group_Invite"
  language = "en_US"`, `must contain only lowercase letters, digits and underscores`},
		{"name with dash", `name = "group-invite"
  language = "en_US"`, `must contain only lowercase letters, digits and underscores`},
		{"name too long", fmt.Sprintf(`name = %q
  language = "en_US"`, long), `Attribute name string length must be between 1 and 512, got: 513`},
		{"language", `name = "group_invite"
  language = "english"`, `Attribute language must be a locale code such as en_US`},
		{"category", `name = "group_invite"
  language = "en_US"
  category = "PROMOTION"`, `Attribute category value must be one of`},
		{"library template not utility", `name = "group_invite"
  language = "en_US"
  category = "MARKETING"`, `must use "UTILITY"`},
		{"components not json", `name = "group_invite"
  language = "en_US"
  components = "[{type: BODY}]"`, `Invalid JSON String Value`},
		{"components not an array", `name = "group_invite"
  language = "en_US"
  components = jsonencode({ type = "BODY", text = "hi" })`, `components must be a JSON array`},
		{"components empty", `name = "group_invite"
  language = "en_US"
  components = "[]"`, `components must contain at least one component`},
		{"component without type", `name = "group_invite"
  language = "en_US"
  components = jsonencode([{ text = "hi" }])`, `element 0 needs a "type"`},
		{"body too long", fmt.Sprintf(`name = "group_invite"
  language = "en_US"
  components = jsonencode([{ type = "BODY", text = %q }])`, body), `the BODY text has 1025 characters; the API allows at most 1024`},
		{"components and library, not utility", `name = "group_invite"
  language = "en_US"
  category = "MARKETING"
  library_template_name = "group_invite_link"
  components = jsonencode([{ type = "BODY", text = "hi" }])`, `template library must use "UTILITY"`},
		{"button inputs not an array", `name = "group_invite"
  language = "en_US"
  library_template_button_inputs = jsonencode({ type = "URL" })`, `library_template_button_inputs must be a JSON array`},
		{"button inputs with components", `name = "group_invite"
  language = "en_US"
  library_template_button_inputs = "[]"
  components = jsonencode([{ type = "BODY", text = "hi" }])`, `Attribute "components" cannot be specified when "library_template_button_inputs" is specified`},
		{"bad timeout", `name = "group_invite"
  language = "en_US"
  timeouts = { create = "soon" }`, `must be a string containing a sequence of decimal numbers`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      env.config(fmt.Sprintf("resource \"d360_invite_template\" \"test\" {\n  %s\n}\n", tc.body)),
					PlanOnly:    true,
					ExpectError: invitePhrase(tc.want),
				}},
			})
		})
	}
	t.Run("import id", func(t *testing.T) {
		for _, id := range []string{"group_invite", "group_invite/", "Group/en_US", "group_invite/english"} {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:        env.config(templateConfig("group_invite", "en_US", "")),
					ResourceName:  templateAddr,
					ImportState:   true,
					ImportStateId: id,
					ExpectError:   invitePhrase("Invalid import id"),
				}},
			})
		}
	})
	if env.Emulator != nil && env.Emulator.TotalCalls() != 0 {
		t.Fatalf("invalid configurations cost %d API calls (%v), want 0", env.Emulator.TotalCalls(), env.Emulator.CallCounts())
	}
}

// TestTemplateListing keeps the client's listing and the resource's lookup in
// step: a template listed in another case of the language still matches.
func TestTemplateListing(t *testing.T) {
	list := []client.Template{
		{Name: "a", Language: "en_us", Status: "approved"},
		{Name: "a", Language: "de", Status: "pending_deletion"},
		{Name: "a", Language: "fr", Status: "approved"},
	}
	if _, ok := findTemplate(list, "a", "en_US"); !ok {
		t.Error("en_us should match en_US")
	}
	if got := otherLanguages(list, "a", "en_US"); strings.Join(got, ",") != "fr" {
		t.Errorf("other live languages = %v, want [fr]", got)
	}
}
