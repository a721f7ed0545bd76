package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// Protocol-level tests call the provider's protocol 6 server the way
// Terraform does, without a Terraform binary. They cover what Terraform 1.11
// cannot drive (resource identity, list resources, actions), so they run on
// every `go test`, with or without TF_ACC.

// protoEnv is one configured provider server over an in-process emulator.
type protoEnv struct {
	em     *emulator.Emulator
	srv    tfprotov6.ProviderServer
	schema *tfprotov6.GetProviderSchemaResponse
}

func newProtoEnv(t *testing.T, opts ...func(*emulator.Options)) *protoEnv {
	t.Helper()
	o := emulatorDelays
	o.APIKey = testAPIKey
	for _, f := range opts {
		f(&o)
	}
	em := emulator.New(o)
	hs := httptest.NewServer(em)
	t.Cleanup(hs.Close)
	return newProtoEnvAt(t, em, hs.URL)
}

// newProtoEnvAt configures a provider server for baseURL (em may be an
// emulator reached through a wrapper).
func newProtoEnvAt(t *testing.T, em *emulator.Emulator, baseURL string) *protoEnv {
	t.Helper()
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(NewWithTiming("test", testTiming())())()
	if err != nil {
		t.Fatal(err)
	}
	schema, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "GetProviderSchema", schema.Diagnostics)
	cfg := protoValue(t, schema.Provider, map[string]tftypes.Value{
		"api_key":  tftypes.NewValue(tftypes.String, testAPIKey),
		"base_url": tftypes.NewValue(tftypes.String, baseURL),
	})
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.8", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "ConfigureProvider", resp.Diagnostics)
	return &protoEnv{em: em, srv: srv, schema: schema}
}

// protoValue builds an object of a schema: the given attributes, every
// other attribute null.
func protoValue(t *testing.T, s *tfprotov6.Schema, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	return protoObject(t, s.ValueType().(tftypes.Object), attrs)
}

func protoObject(t *testing.T, typ tftypes.Object, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		if v, ok := attrs[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	for name := range attrs {
		if _, ok := typ.AttributeTypes[name]; !ok {
			t.Fatalf("the schema has no attribute %q", name)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// protoAttrs decodes an object value into its attributes.
func protoAttrs(t *testing.T, typ tftypes.Type, dv *tfprotov6.DynamicValue) map[string]tftypes.Value {
	t.Helper()
	if dv == nil {
		t.Fatal("no value")
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs
}

// protoString reads a string attribute ("" when null).
func protoString(t *testing.T, v tftypes.Value) string {
	t.Helper()
	var s *string
	if err := v.As(&s); err != nil {
		t.Fatal(err)
	}
	if s == nil {
		return ""
	}
	return *s
}

func protoStr(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func protoErrors(diags []*tfprotov6.Diagnostic) error {
	var msgs []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			msgs = append(msgs, d.Summary+": "+d.Detail)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(msgs, "; "))
}

func protoFail(t *testing.T, rpc string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	if err := protoErrors(diags); err != nil {
		t.Fatalf("%s: %v", rpc, err)
	}
}
