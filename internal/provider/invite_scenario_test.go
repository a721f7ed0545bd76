package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// TestAccScenario_community applies the documented community example
// (examples/scenarios/community/main.tf) as it is, so the example cannot rot:
// a group, its rotating invite link and the invite template together. Its
// versions.tf (required_providers, provider block) is left out: tests run
// offline with the provider block of the environment.
func TestAccScenario_community(t *testing.T) {
	env := newAccEnv(t)
	main, err := os.ReadFile(filepath.Join("..", "..", "examples", "scenarios", "community", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	subject, templateName := randomName(t), randomTemplateName(t)
	vars := func(rotation string) config.Variables {
		return config.Variables{
			"community_name": config.StringVariable(subject),
			"template_name":  config.StringVariable(templateName),
			"link_rotation":  config.StringVariable(rotation),
		}
	}
	const link = "d360_group_invite_link.community"
	rotated := statecheck.CompareValue(compare.ValuesDiffer())

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy: func(s *terraform.State) error {
			if err := env.checkNoGroup(subject)(s); err != nil {
				return err
			}
			return checkNoTemplate(env, templateName)
		},
		Steps: []resource.TestStep{
			{
				Config:          env.config(string(main)),
				ConfigVariables: vars("2026-q1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("template_status", knownvalue.StringExact("approved")),
					statecheck.ExpectKnownOutputValue("invite_link", knownvalue.StringRegexp(regexp.MustCompile(`^https://chat\.whatsapp\.com/`))),
					statecheck.CompareValuePairs(link, tfjsonpath.New("group_id"), "d360_group.community", tfjsonpath.New("id"), compare.ValuesSame()),
					rotated.AddStateValue(link, tfjsonpath.New("invite_link")),
				},
			},
			{
				// A new rotation value issues a new link; the group and the
				// template stay.
				Config:          env.config(string(main)),
				ConfigVariables: vars("2026-q2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(link, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction("d360_group.community", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("d360_invite_template.community", plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{rotated.AddStateValue(link, tfjsonpath.New("invite_link"))},
			},
		},
	})
}

// checkNoTemplate verifies through the API that no language of name is left.
func checkNoTemplate(env *accEnv, name string) error {
	list, err := env.apiClient().ListTemplates(context.Background(), client.TemplateFilter{Name: name})
	if err != nil {
		return err
	}
	// The real API may keep listing a deleted template for a while, marked
	// as on its way out.
	live := 0
	for _, t := range list {
		if !templateGone[t.Status] {
			live++
		}
	}
	if live > 0 {
		return fmt.Errorf("template %s still exists after destroy (%d languages)", name, live)
	}
	return nil
}
