// Package bench holds the provider's Go benchmarks and the request-count
// tests that go with them. They drive the provider the way Terraform does,
// through the protocol 6 server (GetProviderSchema, ConfigureProvider,
// PlanResourceChange, ApplyResourceChange, ReadResource), against an
// in-process emulator, so what they measure is the provider's own work per
// resource: the framework's conversions, the resource code and the client.
// bench/tfbench times real Terraform runs.
package bench

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
	"github.com/d360/terraform-provider-d360/internal/provider"
)

const benchAPIKey = "bench-SECRET-key-3d1f"

// fastTiming makes every wait of the provider short against the emulator.
func fastTiming() provider.Timing {
	return provider.Timing{
		PollInitial:         10 * time.Millisecond,
		PollMax:             100 * time.Millisecond,
		AmbiguousCreateWait: 2 * time.Second,
		RequestTimeout:      5 * time.Second,
		Retry:               client.RetryPolicy{MaxAttempts: 4, MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond},
		CreateTimeout:       30 * time.Second,
		UpdateTimeout:       30 * time.Second,
		DeleteTimeout:       30 * time.Second,
	}
}

// newEmulator serves an emulator over HTTP for the duration of the test.
func newEmulator(tb testing.TB, opts emulator.Options) (*emulator.Emulator, string) {
	tb.Helper()
	opts.APIKey = benchAPIKey
	em := emulator.New(opts)
	srv := httptest.NewServer(em)
	tb.Cleanup(srv.Close)
	return em, srv.URL
}

// protoProvider is one configured provider server, as one Terraform run
// sees it.
type protoProvider struct {
	srv     tfprotov6.ProviderServer
	schemas map[string]*tfprotov6.Schema
}

func newProtoProvider(tb testing.TB, baseURL string, timing provider.Timing) *protoProvider {
	tb.Helper()
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(provider.NewWithTiming("bench", timing)())()
	if err != nil {
		tb.Fatal(err)
	}
	schema, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		tb.Fatal(err)
	}
	failOnDiags(tb, "GetProviderSchema", schema.Diagnostics)
	p := &protoProvider{srv: srv, schemas: schema.ResourceSchemas}
	config := dynamicValue(tb, schema.Provider, map[string]tftypes.Value{
		"api_key":  tftypes.NewValue(tftypes.String, benchAPIKey),
		"base_url": tftypes.NewValue(tftypes.String, baseURL),
	})
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: config})
	if err != nil {
		tb.Fatal(err)
	}
	failOnDiags(tb, "ConfigureProvider", resp.Diagnostics)
	return p
}

// has reports whether the provider has a resource type.
func (p *protoProvider) has(typeName string) bool { return p.schemas[typeName] != nil }

// config is a resource configuration: the given attributes, every other
// attribute null.
func (p *protoProvider) config(tb testing.TB, typeName string, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	s := p.schemas[typeName]
	if s == nil {
		tb.Fatalf("the provider has no resource type %s", typeName)
	}
	return dynamicValue(tb, s, attrs)
}

// create plans and applies a new resource as Terraform does and returns its
// state.
func (p *protoProvider) create(ctx context.Context, tb testing.TB, typeName string, attrs map[string]tftypes.Value) (*tfprotov6.DynamicValue, error) {
	tb.Helper()
	config := p.config(tb, typeName, attrs)
	null := nullValue(tb, p.schemas[typeName])
	plan, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: null, ProposedNewState: config, Config: config,
	})
	if err != nil {
		return nil, err
	}
	if err := diagsError("PlanResourceChange", plan.Diagnostics); err != nil {
		return nil, err
	}
	applied, err := p.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: null, PlannedState: plan.PlannedState, Config: config, PlannedPrivate: plan.PlannedPrivate,
	})
	if err != nil {
		return nil, err
	}
	if err := diagsError("ApplyResourceChange", applied.Diagnostics); err != nil {
		return nil, err
	}
	return applied.NewState, nil
}

// read refreshes a resource as Terraform does during a plan.
func (p *protoProvider) read(ctx context.Context, typeName string, state *tfprotov6.DynamicValue) (*tfprotov6.DynamicValue, error) {
	resp, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: state})
	if err != nil {
		return nil, err
	}
	if err := diagsError("ReadResource", resp.Diagnostics); err != nil {
		return nil, err
	}
	return resp.NewState, nil
}

// planUnchanged plans a resource whose configuration matches its state, the
// second half of a refresh plan.
func (p *protoProvider) planUnchanged(ctx context.Context, typeName string, state, config *tfprotov6.DynamicValue) error {
	resp, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: state, ProposedNewState: state, Config: config,
	})
	if err != nil {
		return err
	}
	if err := diagsError("PlanResourceChange", resp.Diagnostics); err != nil {
		return err
	}
	if len(resp.RequiresReplace) > 0 {
		return fmt.Errorf("the plan replaces the resource: %v", resp.RequiresReplace)
	}
	return nil
}

// attribute returns one attribute of a state.
func (p *protoProvider) attribute(tb testing.TB, typeName string, state *tfprotov6.DynamicValue, name string) tftypes.Value {
	tb.Helper()
	v, err := state.Unmarshal(p.schemas[typeName].ValueType())
	if err != nil {
		tb.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		tb.Fatal(err)
	}
	return attrs[name]
}

// stateToConfig keeps the attributes of a state that a configuration sets,
// so an unchanged plan can be built from a created resource.
func (p *protoProvider) stateToConfig(tb testing.TB, typeName string, state *tfprotov6.DynamicValue, names ...string) *tfprotov6.DynamicValue {
	tb.Helper()
	attrs := map[string]tftypes.Value{}
	for _, n := range names {
		attrs[n] = p.attribute(tb, typeName, state, n)
	}
	return p.config(tb, typeName, attrs)
}

func dynamicValue(tb testing.TB, s *tfprotov6.Schema, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	typ := s.ValueType().(tftypes.Object)
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		if v, ok := attrs[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(t, nil)
		}
	}
	for name := range attrs {
		if _, ok := typ.AttributeTypes[name]; !ok {
			tb.Fatalf("the schema has no attribute %q", name)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

func nullValue(tb testing.TB, s *tfprotov6.Schema) *tfprotov6.DynamicValue {
	tb.Helper()
	dv, err := tfprotov6.NewDynamicValue(s.ValueType(), tftypes.NewValue(s.ValueType(), nil))
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

func diagsError(rpc string, diags []*tfprotov6.Diagnostic) error {
	var msgs []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			msgs = append(msgs, d.Summary+": "+d.Detail)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s", rpc, strings.Join(msgs, "; "))
}

func failOnDiags(tb testing.TB, rpc string, diags []*tfprotov6.Diagnostic) {
	tb.Helper()
	if err := diagsError(rpc, diags); err != nil {
		tb.Fatal(err)
	}
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
