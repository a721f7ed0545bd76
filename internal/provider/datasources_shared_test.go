package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// Test helpers shared by the data source tests.

// withSteppingClock gives the emulator a clock that moves one second forward
// on every reading, so groups seeded one after the other have strictly
// increasing creation times and the expected order of a list is the seeding
// order.
func withSteppingClock(o *emulator.Options) {
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var ticks atomic.Int64
	o.Now = func() time.Time { return base.Add(time.Duration(ticks.Add(1)) * time.Second) }
}

// emulatorCheck is a state check that asserts something about the emulator
// (typically its call counters) at the point the state checks run.
func emulatorCheck(check func() error) statecheck.StateCheck {
	return stateCheckFunc(func(context.Context, *tfjson.State) error { return check() })
}

// errorPattern matches an error output containing parts in order. Terraform
// wraps long diagnostic lines, so every space matches any whitespace.
func errorPattern(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// lazyCheck builds its check when the state is checked, so that a step can
// expect values that only exist after its PreConfig ran.
type lazyCheck func() knownvalue.Check

func (f lazyCheck) CheckValue(v any) error { return f().CheckValue(v) }
func (f lazyCheck) String() string         { return "(computed when checked)" }

// inviteLinkPattern matches an invite link (CONTRACT.md §3.6).
var inviteLinkPattern = regexp.MustCompile(`^https://chat\.whatsapp\.com/\S+$`)

// must fails the test on an error from the emulator's admin API.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// expectNoAPICalls fails when the emulator saw any public API call. In live
// mode (em nil) nothing counts the calls; the plan-time errors are still
// checked by the test itself.
func expectNoAPICalls(t *testing.T, em *emulator.Emulator) {
	t.Helper()
	if em == nil {
		return
	}
	if n := em.TotalCalls(); n != 0 {
		t.Errorf("the emulator saw %d API calls (%v), want none: input errors must be caught at plan time", n, em.CallCounts())
	}
}

// directBackend serves h (usually an emulator) over HTTP and returns the
// provider data a data source gets from Configure, for tests and benchmarks
// that call Read without Terraform.
func directBackend(tb testing.TB, h http.Handler) *providerData {
	tb.Helper()
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	timing := testTiming()
	c, err := client.New(client.Config{BaseURL: srv.URL, APIKey: testAPIKey, Retry: timing.Retry, RequestTimeout: timing.RequestTimeout})
	if err != nil {
		tb.Fatal(err)
	}
	return newProviderData(c, timing)
}

// readDataSource runs one Read of ds with the given configuration values
// (attributes left out are null) and returns the resulting state.
func readDataSource(ctx context.Context, ds datasource.DataSource, data *providerData, config map[string]tftypes.Value) (tfsdk.State, diag.Diagnostics) {
	if c, ok := ds.(datasource.DataSourceWithConfigure); ok {
		var cresp datasource.ConfigureResponse
		c.Configure(ctx, datasource.ConfigureRequest{ProviderData: data}, &cresp)
		if cresp.Diagnostics.HasError() {
			return tfsdk.State{}, cresp.Diagnostics
		}
	}
	var sresp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &sresp)
	objType := sresp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	vals := make(map[string]tftypes.Value, len(objType.AttributeTypes))
	for name, typ := range objType.AttributeTypes {
		if v, ok := config[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(typ, nil)
		}
	}
	req := datasource.ReadRequest{Config: tfsdk.Config{Schema: sresp.Schema, Raw: tftypes.NewValue(objType, vals)}}
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(objType, nil)}}
	ds.Read(ctx, req, &resp)
	return resp.State, resp.Diagnostics
}

// afterFirstList wraps h so that fn runs once the first list-groups request
// has been answered: the outside world changing in the middle of a lookup.
func afterFirstList(h http.Handler, fn func()) http.Handler {
	var done atomic.Bool
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		if r.Method == http.MethodGet && r.URL.Path == "/groups" && done.CompareAndSwap(false, true) {
			fn()
		}
	})
}

// subjectConfig is a d360_group configuration that looks up by subject.
func subjectConfig(subject string) map[string]tftypes.Value {
	return map[string]tftypes.Value{"subject": tftypes.NewValue(tftypes.String, subject)}
}

func TestRegexpValidator(t *testing.T) {
	cases := []struct {
		value   types.String
		wantErr string
	}{
		{types.StringValue(`^team-(a|b)$`), ""},
		{types.StringValue(``), ""},
		{types.StringNull(), ""},
		{types.StringUnknown(), ""},
		{types.StringValue(`team-(`), "missing closing )"},
		{types.StringValue(`a**`), "invalid nested repetition operator"},
	}
	for _, tc := range cases {
		req := validator.StringRequest{Path: path.Root("subject_regex"), ConfigValue: tc.value}
		var resp validator.StringResponse
		regexpValidator{}.ValidateString(context.Background(), req, &resp)
		switch {
		case tc.wantErr == "" && resp.Diagnostics.HasError():
			t.Errorf("%s: unexpected error %v", tc.value, resp.Diagnostics)
		case tc.wantErr != "" && !resp.Diagnostics.HasError():
			t.Errorf("%s: no error, want %q", tc.value, tc.wantErr)
		case tc.wantErr != "":
			detail := resp.Diagnostics[0].Detail()
			if !strings.Contains(detail, tc.wantErr) || !strings.Contains(detail, "subject_regex") {
				t.Errorf("%s: detail %q should name the attribute and contain %q", tc.value, detail, tc.wantErr)
			}
		}
	}
}

func TestGroupReadErrorSaysNotFoundPlainly(t *testing.T) {
	notFound := fmt.Errorf("get group: %w", &client.APIError{HTTPStatus: 400, Code: client.CodeGroupUnknown, Title: "Group unknown", Details: "Group X doesn't exist or you are not a member"})
	d := groupReadError("Unable to read the group", "X", notFound)
	if d.Summary() != "Group not found" || !strings.Contains(d.Detail(), `There is no group with id "X"`) || !strings.Contains(d.Detail(), "131041") {
		t.Errorf("not found: %q / %q", d.Summary(), d.Detail())
	}
	other := fmt.Errorf("get group: %w", &client.APIError{HTTPStatus: 403, Code: client.CodeGroupSuspended, Title: "Group suspended", Details: "policy"})
	d = groupReadError("Unable to read the group", "X", other)
	if d.Summary() != "Unable to read the group" || !strings.Contains(d.Detail(), "131207 (Group suspended)") {
		t.Errorf("other: %q / %q", d.Summary(), d.Detail())
	}
}
