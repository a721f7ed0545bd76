package bench

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
	"github.com/d360/terraform-provider-d360/internal/provider"
)

// The emulator runs in the same process with no latency, so ns/op and
// allocs/op include its work of answering. BenchmarkClientGetGroup is that
// floor for one group read (emulator, HTTP and decoding), so the difference
// to BenchmarkGroupRead is the framework's and the resource's own work.
// requests/op must be 1 for a read and 0 for a plan.

func BenchmarkClientGetGroup(b *testing.B) {
	em, url := newEmulator(b, emulator.Options{})
	id := em.SeedGroup("bench", "Benchmark group", "")
	c, err := client.New(client.Config{BaseURL: url, APIKey: benchAPIKey})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	fields := []string{client.FieldSubject, client.FieldDescription, client.FieldJoinApprovalMode,
		client.FieldSuspended, client.FieldCreationTimestamp, client.FieldTotalParticipantCount}
	em.ResetCounters()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetGroup(ctx, id, fields...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(em.TotalCalls())/float64(b.N), "requests/op")
}

// BenchmarkGroupRead is one d360_group refresh: ReadResource through the
// provider server.
func BenchmarkGroupRead(b *testing.B) {
	benchmarkRead(b, "d360_group")
}

// BenchmarkGroupInviteLinkRead is one d360_group_invite_link refresh.
func BenchmarkGroupInviteLinkRead(b *testing.B) {
	benchmarkRead(b, "d360_group_invite_link")
}

func benchmarkRead(b *testing.B, typeName string) {
	em, url := newEmulator(b, emulator.Options{})
	p := newProtoProvider(b, url, fastTiming())
	if !p.has(typeName) {
		b.Skipf("the provider has no %s resource yet", typeName)
	}
	state := createFor(b, p, typeName)
	ctx := context.Background()
	em.ResetCounters()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.read(ctx, typeName, state); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(em.TotalCalls())/float64(b.N), "requests/op")
}

// BenchmarkGroupPlanUnchanged is the other half of a refresh plan:
// PlanResourceChange for a group whose configuration matches its state.
func BenchmarkGroupPlanUnchanged(b *testing.B) {
	em, url := newEmulator(b, emulator.Options{})
	p := newProtoProvider(b, url, fastTiming())
	state := createFor(b, p, "d360_group")
	config := p.stateToConfig(b, "d360_group", state, "subject", "description", "join_approval_mode")
	ctx := context.Background()
	em.ResetCounters()
	b.ReportAllocs()
	for b.Loop() {
		if err := p.planUnchanged(ctx, "d360_group", state, config); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(em.TotalCalls())/float64(b.N), "requests/op")
}

// BenchmarkProviderStartup is what a new provider process does before its
// first resource call: build the server, answer the schema, configure the
// client.
func BenchmarkProviderStartup(b *testing.B) {
	_, url := newEmulator(b, emulator.Options{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		srv, err := providerserver.NewProtocol6WithError(provider.New("bench")())()
		if err != nil {
			b.Fatal(err)
		}
		schema, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			b.Fatal(err)
		}
		failOnDiags(b, "GetProviderSchema", schema.Diagnostics)
		config := dynamicValue(b, schema.Provider, map[string]tftypes.Value{"api_key": str(benchAPIKey), "base_url": str(url)})
		resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: config})
		if err != nil {
			b.Fatal(err)
		}
		failOnDiags(b, "ConfigureProvider", resp.Diagnostics)
	}
}

// createFor creates one resource of typeName (and the group it needs) and
// returns its state.
func createFor(tb testing.TB, p *protoProvider, typeName string) *tfprotov6.DynamicValue {
	tb.Helper()
	ctx := context.Background()
	group, err := p.create(ctx, tb, "d360_group", map[string]tftypes.Value{
		"subject": str("bench"), "description": str("Benchmark group"),
	})
	if err != nil {
		tb.Fatal(err)
	}
	if typeName == "d360_group" {
		return group
	}
	state, err := p.create(ctx, tb, typeName, map[string]tftypes.Value{"group_id": p.attribute(tb, "d360_group", group, "id")})
	if err != nil {
		tb.Fatal(err)
	}
	return state
}
