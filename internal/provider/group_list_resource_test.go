package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// listResults runs a ListResource RPC as `terraform query` does and
// collects the stream.
func (p *protoEnv) listResults(t *testing.T, typeName string, cfg map[string]tftypes.Value, includeResource bool, limit int64) []tfprotov6.ListResourceResult {
	t.Helper()
	srv, ok := p.srv.(tfprotov6.ListResourceServer)
	if !ok {
		t.Fatal("the provider server does not serve list resources")
	}
	s := p.schema.ListResourceSchemas[typeName]
	if s == nil {
		t.Fatalf("no list resource %s", typeName)
	}
	stream, err := srv.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: protoValue(t, s, cfg), IncludeResource: includeResource, Limit: limit,
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []tfprotov6.ListResourceResult
	for r := range stream.Results {
		protoFail(t, "ListResource", r.Diagnostics)
		out = append(out, r)
	}
	return out
}

// adoptByIdentity does what `terraform plan` does with the configuration
// `terraform query -generate-config-out` writes for one result: import by
// the result's identity, refresh, then plan against the generated
// configuration (the result's non-computed attributes). It fails unless the
// plan is empty.
func (p *protoEnv) adoptByIdentity(t *testing.T, typeName string, r tfprotov6.ListResourceResult, configAttrs ...string) {
	t.Helper()
	ctx := context.Background()
	s := p.schema.ResourceSchemas[typeName]
	imp, err := p.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typeName, Identity: r.Identity})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "ImportResourceState", imp.Diagnostics)
	in := imp.ImportedResources[0]
	read, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
		TypeName: typeName, CurrentState: in.State, CurrentIdentity: in.Identity, Private: in.Private,
	})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "ReadResource", read.Diagnostics)

	generated := protoAttrs(t, s.ValueType(), r.Resource)
	cfg := map[string]tftypes.Value{}
	for _, a := range configAttrs {
		cfg[a] = generated[a]
	}
	// The proposed new state is the refreshed state with the configuration
	// laid over it, as Terraform computes it.
	proposed := protoAttrs(t, s.ValueType(), read.NewState)
	for k, v := range cfg {
		proposed[k] = v
	}
	plan, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: read.NewState, ProposedNewState: protoValue(t, s, proposed),
		Config: protoValue(t, s, cfg), PriorPrivate: read.Private, PriorIdentity: read.NewIdentity,
	})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "PlanResourceChange", plan.Diagnostics)
	before, err := read.NewState.Unmarshal(s.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	after, err := plan.PlannedState.Unmarshal(s.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	if !before.Equal(after) || len(plan.RequiresReplace) > 0 {
		diffs, _ := before.Diff(after)
		t.Fatalf("adopting %s plans a change: %v (replace %v)", r.DisplayName, diffs, plan.RequiresReplace)
	}
}

// TestProtocolGroupList_adopt500: a query over 500 matching groups (among
// others) streams 500 results from one list request, each with the group's
// subject as display name and its identity; with include_resource each
// group costs one GET; and every result imports into an empty plan.
func TestProtocolGroupList_adopt500(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	for i := range 500 {
		desc, mode := "", ""
		if i%3 == 0 {
			desc = fmt.Sprintf("Customers of region %d", i)
		}
		if i%4 == 0 {
			mode = "approval_required"
		}
		p.em.SeedGroup(fmt.Sprintf("adopt-%03d", i), desc, mode)
	}
	p.em.SeedGroup("other", "", "")
	p.em.SeedGroup("not adopt-999", "", "")

	results := p.listResults(t, "d360_group", map[string]tftypes.Value{"subject_regex": protoStr("^adopt-")}, true, 1000)
	if len(results) != 500 {
		t.Fatalf("%d results, want 500", len(results))
	}
	if calls := p.em.CallCounts(); calls["groups.list"] != 1 || calls["groups.get"] != 500 || p.em.TotalCalls() != 501 {
		t.Fatalf("API calls %v, want 1 list and 500 gets", calls)
	}
	idType := p.identityType(t, "d360_group")
	seen := map[string]bool{}
	for _, r := range results {
		id := protoString(t, protoAttrs(t, idType, r.Identity.IdentityData)["id"])
		res := protoAttrs(t, p.schema.ResourceSchemas["d360_group"].ValueType(), r.Resource)
		if seen[id] || !strings.HasPrefix(r.DisplayName, "adopt-") || protoString(t, res["subject"]) != r.DisplayName || protoString(t, res["id"]) != id {
			t.Fatalf("result %q: identity %s, resource %v", r.DisplayName, id, res)
		}
		seen[id] = true
	}

	p.em.ResetCounters()
	for _, r := range results {
		p.adoptByIdentity(t, "d360_group", r, "subject", "description", "join_approval_mode")
	}
	// Adopting costs what a refresh does: one GET per group.
	if calls := p.em.CallCounts(); calls["groups.get"] != 500 || p.em.TotalCalls() != 500 {
		t.Errorf("adoption API calls %v, want one GET per group", calls)
	}
}

// TestProtocolGroupList_pagesAndLimit: without include_resource, 10,000
// groups cost 10 list requests and nothing else; a limit stops the scan
// at the page that reaches it.
func TestProtocolGroupList_pagesAndLimit(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	for i := range 10000 {
		p.em.SeedGroup(fmt.Sprintf("g-%05d", i), "", "")
	}
	results := p.listResults(t, "d360_group", nil, false, 100000)
	if len(results) != 10000 {
		t.Fatalf("%d results, want 10000", len(results))
	}
	if calls := p.em.CallCounts(); calls["groups.list"] != 10 || p.em.TotalCalls() != 10 {
		t.Errorf("API calls %v, want 10 list requests", calls)
	}
	if results[0].Resource != nil {
		if v, err := results[0].Resource.Unmarshal(p.schema.ResourceSchemas["d360_group"].ValueType()); err == nil && !v.IsNull() {
			t.Errorf("a resource object without include_resource: %v", v)
		}
	}

	// Streaming: the first result arrives after one page was read, and a
	// consumer that stops there costs nothing more.
	p.em.ResetCounters()
	srv := p.srv.(tfprotov6.ListResourceServer)
	stream, err := srv.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: "d360_group", Config: protoValue(t, p.schema.ListResourceSchemas["d360_group"], nil), Limit: 100000,
	})
	if err != nil {
		t.Fatal(err)
	}
	for range stream.Results {
		if n := p.em.Calls("groups.list"); n != 1 {
			t.Errorf("%d list requests before the first result, want 1", n)
		}
		break
	}
	if n := p.em.Calls("groups.list"); n != 1 {
		t.Errorf("%d list requests after the consumer stopped, want 1", n)
	}

	p.em.ResetCounters()
	limited := p.listResults(t, "d360_group", map[string]tftypes.Value{"subject": protoStr("g-01500")}, false, 1)
	if len(limited) != 1 || limited[0].DisplayName != "g-01500" {
		t.Fatalf("results %v", limited)
	}
	if n := p.em.Calls("groups.list"); n != 2 {
		t.Errorf("%d list requests, want 2 (the scan stops at the page holding the match)", n)
	}
}

// TestProtocolGroupList_invalidRegex: a bad filter is refused when the
// query is validated, naming the attribute, without an API call.
func TestProtocolGroupList_invalidRegex(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	p.em.SeedGroup("a", "", "")
	srv := p.srv.(tfprotov6.ListResourceServer)
	s := p.schema.ListResourceSchemas["d360_group"]
	v, err := srv.ValidateListResourceConfig(context.Background(), &tfprotov6.ValidateListResourceConfigRequest{
		TypeName: "d360_group", Config: protoValue(t, s, map[string]tftypes.Value{"subject_regex": protoStr("(")}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := protoErrors(v.Diagnostics); err == nil || !strings.Contains(err.Error(), "subject_regex") {
		t.Fatalf("invalid regex: %v", err)
	}
	if n := p.em.TotalCalls(); n != 0 {
		t.Errorf("%d API calls", n)
	}
}
