package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// identityConfig holds one of each resource, so a single apply gives every
// identity to check and import.
func identityConfig(subject, template string) string {
	return fmt.Sprintf(`
resource "d360_group" "test" {
  subject = %[1]q
}

resource "d360_group_invite_link" "test" {
  group_id = d360_group.test.id
}

resource "d360_group_membership" "test" {
  group_id = d360_group.test.id
  approve  = ["+1 555 010 0001"]
}

resource "d360_invite_template" "test" {
  name     = %[2]q
  language = "en_US"
}
`, subject, template)
}

// TestAccResourceIdentity_importByIdentity: every resource stores its
// identity, and an import block with `identity = {...}` alone imports each
// of them into a no-op plan. Identities need Terraform 1.12 (OpenTofu 1.12
// has them too); on older versions TestProtocolResourceIdentity covers the
// same code.
func TestAccResourceIdentity_importByIdentity(t *testing.T) {
	env := newAccEnv(t)
	subject, template := randomName(t), randomTemplateName(t)
	importStep := func(addr string) resource.TestStep {
		return resource.TestStep{
			ResourceName:    addr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
		}
	}

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			// Resource identity and import blocks with identity arrived in 1.12.
			tfversion.SkipBelow(tfversion.Version1_12_0),
		},
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config: env.config(identityConfig(subject, template)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("d360_group.test", map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
					statecheck.ExpectIdentityValueMatchesState("d360_group.test", tfjsonpath.New("id")),
					statecheck.ExpectIdentityValueMatchesState(linkAddr, tfjsonpath.New("group_id")),
					statecheck.ExpectIdentityValueMatchesStateAtPath(linkAddr, tfjsonpath.New("group_id"), tfjsonpath.New("id")),
					statecheck.ExpectIdentityValueMatchesState(membershipAddr, tfjsonpath.New("group_id")),
					statecheck.ExpectIdentity(templateAddr, map[string]knownvalue.Check{
						"name":     knownvalue.StringExact(template),
						"language": knownvalue.StringExact("en_US"),
					}),
				},
			},
			importStep("d360_group.test"),
			importStep(linkAddr),
			func() resource.TestStep {
				// The policy (approve, ...) exists only in the configuration,
				// so the first apply after an import records it in place.
				s := importStep(membershipAddr)
				s.ExpectNonEmptyPlan = true
				return s
			}(),
			importStep(templateAddr),
		},
	})
}
