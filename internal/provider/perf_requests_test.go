package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// Request counts of whole Terraform runs (BENCHMARKS.md has the timings).
// The counts per create and the independence of list polling from N are
// pinned in bench/requests_test.go; the pagination counts in
// TestGroupsDataSourceRequestCounts (10,000 groups, 10 requests),
// TestPagingRequestCounts and TestAccGroupJoinRequestsDataSource_manyPages.

// hasResourceType reports whether the provider has a resource type, so the
// test covers invite links as soon as the provider has them.
func hasResourceType(typeName string) bool {
	for _, newResource := range resourceConstructors {
		var resp resource.MetadataResponse
		newResource().Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: "d360"}, &resp)
		if resp.TypeName == typeName {
			return true
		}
	}
	return false
}

// perfConfig is n groups and, with links, one invite link each.
func perfConfig(prefix string, n int, links bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, `
resource "d360_group" "perf" {
  count       = %d
  subject     = "%s-${count.index}"
  description = "Request count test"
}
`, n, prefix)
	if links {
		fmt.Fprintf(&b, `
resource "d360_group_invite_link" "perf" {
  count    = %d
  group_id = d360_group.perf[count.index].id
}
`, n)
	}
	return b.String()
}

// TestAccPerf_planCostsOneRequestPerResource: a plan over N groups (and
// their invite links) reads each resource once and plans it without any
// call; creating them costs one POST and one GET per group.
func TestAccPerf_planCostsOneRequestPerResource(t *testing.T) {
	env := newAccEnv(t, pinRequestIDCreate)
	const n = 15
	links := hasResourceType("d360_group_invite_link")
	resources := n
	if links {
		resources *= 2
	}
	prefix := randomName(t)
	cfg := env.config(perfConfig(prefix, n, links))
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []tfresource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("d360_group.perf[14]", tfjsonpath.New("subject"), knownvalue.StringExact(prefix+"-14")),
					emulatorCheck(env.onEmulator(func(em *emulator.Emulator) error {
						c := em.CallCounts()
						if c["groups.create"] != n || c["groups.get"] != n {
							return fmt.Errorf("creating %d groups cost %d POSTs and %d GETs (%v), want one of each per group", n, c["groups.create"], c["groups.get"], c)
						}
						return nil
					})),
				},
			},
			{
				PreConfig: env.resetCounters,
				Config:    cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
						planCheckFunc(env.onEmulator(func(em *emulator.Emulator) error {
							c := em.CallCounts()
							if em.TotalCalls() != resources || c["groups.get"] != n {
								return fmt.Errorf("planning %d resources cost %d requests (%v), want one per resource", resources, em.TotalCalls(), c)
							}
							if links && c["invite_link.get"] != n {
								return fmt.Errorf("%d invite link reads for %d links (%v)", c["invite_link.get"], n, c)
							}
							return nil
						})),
					},
				},
			},
		},
	})
}
