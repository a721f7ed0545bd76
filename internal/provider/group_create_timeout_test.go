package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// After a create timeout the error says how to keep the group (terraform
// untaint), and the refresh after the group appeared adopts it: the state
// holds the real group, so an untainted resource plans no change. Left
// tainted, Terraform replaces it, which is why the message matters.
func TestAccGroup_createTimeoutSaysHowToKeepTheGroup(t *testing.T) {
	env := newAccEnv(t, func(o *emulator.Options) { o.CreateDelay = 1500 * time.Millisecond })
	em := env.requireEmulator(t)
	subject := randomName(t)
	config := env.config(groupConfig(subject, `  timeouts = { create = "300ms" }`))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)Timed out waiting for the group to be created.*terraform untaint <address>.*the refresh adopts it`),
			},
			{
				PreConfig: func() {
					for deadline := time.Now().Add(10 * time.Second); em.PendingCreates() > 0 && time.Now().Before(deadline); {
						time.Sleep(50 * time.Millisecond)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true, // tainted: Terraform would replace it
				Check: func(s *terraform.State) error {
					groups := em.Groups()
					if len(groups) != 1 {
						return fmt.Errorf("%d groups, want 1", len(groups))
					}
					rs := s.RootModule().Resources["d360_group.test"]
					if rs == nil || rs.Primary == nil || rs.Primary.ID != groups[0].ID {
						return fmt.Errorf("state %v, want the late group %s", rs, groups[0].ID)
					}
					return nil
				},
			},
			{
				// Still tainted: Terraform replaces it.
				Config: env.config(groupConfig(subject, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}
