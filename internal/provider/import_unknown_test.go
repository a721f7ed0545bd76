package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Importing an id that names nothing fails at import time with Terraform's
// "non-existent remote object" error, after exactly the one read that is
// needed to find out, for every resource that can be imported.
func TestAccImport_unknownIDs(t *testing.T) {
	env := newAccEnv(t)
	unknownGroup := "Y2FwaV9ncm91cDoxNTU1MDEwMDM2MDo5OTk5OTk5OTk5ZD"
	cases := []struct {
		name, config, address, id string
	}{
		{"group", groupConfig("tf-acc-import", ""), "d360_group.test", unknownGroup},
		{"invite link", `
resource "d360_group_invite_link" "test" {
  group_id = "` + unknownGroup + `"
}
`, "d360_group_invite_link.test", unknownGroup},
		{"membership", `
resource "d360_group_membership" "test" {
  group_id = "` + unknownGroup + `"
}
`, "d360_group_membership.test", unknownGroup},
		{"invite template", `
resource "d360_invite_template" "test" {
  name     = "tf_acc_missing"
  language = "en_US"
}
`, "d360_invite_template.test", "tf_acc_missing/en_US"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env.resetCounters()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:        env.config(tc.config),
					ResourceName:  tc.address,
					ImportState:   true,
					ImportStateId: tc.id,
					ExpectError:   regexp.MustCompile(`Cannot import non-existent remote object`),
				}},
			})
			if em := env.Emulator; em != nil {
				if n := em.TotalCalls(); n < 1 || n > 2 {
					t.Fatalf("importing an unknown id cost %d API calls (%v), want the one or two reads that find out", n, em.CallCounts())
				}
				if groups := len(em.Groups()); groups != 0 {
					t.Fatalf("a failed import created %d groups", groups)
				}
			} else if groups := env.groupsWithSubject(t, "tf-acc-import"); groups != 0 {
				t.Fatalf("a failed import created %d groups", groups)
			}
		})
	}
}
