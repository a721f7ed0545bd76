package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// The seed page creates the group invite template with library_template_name
// and components together (issue 13 item 9): both are sent, the template is
// a library one, and the plan after apply is empty. Works in live mode.
func TestAccReadings_libraryTemplateWithComponents(t *testing.T) {
	env := newAccEnv(t)
	name := randomTemplateName(t)
	cfg := env.config(templateConfig(name, "en_US", `  category              = "UTILITY"
  library_template_name = "group_invite_link"
  components            = jsonencode([{ type = "BODY", text = "Join our group: {{1}}", example = { body_text = [["https://chat.whatsapp.com/AbCdEfGhIjK"]] } }])`))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("library_template_name"), knownvalue.StringExact("group_invite_link")),
				statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("components"), knownvalue.NotNull()),
			},
		}},
	})
}
