package main

import (
	"fmt"
	"strings"
)

// providerHeader selects the provider by its registry address, which the
// CLI configuration's dev_overrides maps to the local build.
const providerHeader = `terraform {
  required_providers {
    d360 = {
      source = "d360/d360"
    }
  }
}

provider "d360" {}
`

// groupsConfig is a configuration of n d360_group resources and, with links,
// one d360_group_invite_link each. The provider block stays empty: the key
// and the emulator's URL come from D360_API_KEY and D360_BASE_URL, as they
// would for the real API.
func groupsConfig(n int, links bool) string {
	var b strings.Builder
	b.WriteString(providerHeader)
	if n == 0 {
		return b.String()
	}
	fmt.Fprintf(&b, `
resource "d360_group" "bench" {
  count       = %d
  subject     = "bench-${count.index}"
  description = "Benchmark group ${count.index}"
}
`, n)
	if links {
		fmt.Fprintf(&b, `
resource "d360_group_invite_link" "bench" {
  count    = %d
  group_id = d360_group.bench[count.index].id
}
`, n)
	}
	return b.String()
}

// groupsDataSourceConfig reads every group of the number.
func groupsDataSourceConfig() string {
	return providerHeader + `
data "d360_groups" "all" {}

output "group_count" {
  value = length(data.d360_groups.all.ids)
}
`
}

// joinRequestsConfig reads the pending join requests of one group.
func joinRequestsConfig(groupID string) string {
	return providerHeader + fmt.Sprintf(`
data "d360_group_join_requests" "pending" {
  group_id = %q
}

output "join_request_count" {
  value = length(data.d360_group_join_requests.pending.join_requests)
}
`, groupID)
}
