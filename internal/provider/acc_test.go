package provider

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// Every acceptance test runs against an in-process emulator by default. With
// D360_LIVE=1 and D360_API_KEY set, the same tests run against D360_BASE_URL
// (default: the real 360dialog API); tests that need the emulator's admin
// surface skip themselves there. D360_ACC_BACKEND=meta runs them through
// Meta's Cloud API routes instead (acc_backend_test.go); live, with
// WHATSAPP_ACCESS_TOKEN and the other WHATSAPP_* settings.

// testAPIKey is the emulator's key in tests; secret-leak tests search for it.
const testAPIKey = "tf-acc-SECRET-key-7f3c9a1e"

// testNamePrefix marks every object a test creates, so sweepers can find
// leftovers (see sweeper_test.go).
const testNamePrefix = "tf-acc-"

// liveMode reports whether acceptance tests target a real API.
func liveMode() bool {
	return os.Getenv("D360_LIVE") == "1" && liveCredential() != ""
}

// testTiming makes the asynchronous paths take milliseconds against an
// emulator in this process. Live mode uses liveTiming instead.
func testTiming() Timing {
	return Timing{
		PollInitial:         10 * time.Millisecond,
		PollMax:             100 * time.Millisecond,
		AmbiguousCreateWait: 2 * time.Second,
		PendingCreateGrace:  10 * time.Second,
		RequestTimeout:      5 * time.Second,
		Retry:               client.RetryPolicy{MaxAttempts: 8, MinBackoff: 5 * time.Millisecond, MaxBackoff: 100 * time.Millisecond},
		CreateTimeout:       60 * time.Second,
		UpdateTimeout:       30 * time.Second,
		DeleteTimeout:       30 * time.Second,
	}
}

// accEnv is the API one acceptance test runs against.
type accEnv struct {
	// Emulator is nil in live mode.
	Emulator *emulator.Emulator
	BaseURL  string
	APIKey   string
	// Backend is what the provider is configured for (D360_ACC_BACKEND);
	// Meta holds its Cloud API settings when it is "meta".
	Backend string
	Meta    client.MetaConfig
	timing  Timing
}

// emulatorDelays are the emulator's asynchronous delays in tests: short, but
// long enough that a provider that does not wait would fail.
var emulatorDelays = emulator.Options{
	CreateDelay: 40 * time.Millisecond,
	DeleteDelay: 30 * time.Millisecond,
	UpdateDelay: 20 * time.Millisecond,
}

// newAccEnv starts an emulator for the test (or, in live mode, points at the
// real API). opts adjusts the emulator's options.
func newAccEnv(t *testing.T, opts ...func(*emulator.Options)) *accEnv {
	t.Helper()
	// resource.Test skips without TF_ACC; skip here already, so that checks a
	// test makes after resource.Test do not run against nothing.
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run with TF_ACC=1 (make test sets it)")
	}
	backend, err := accBackend()
	if err != nil {
		t.Fatal(err)
	}
	if liveMode() {
		base := os.Getenv(EnvBaseURL)
		if base == "" {
			base = client.DefaultBaseURL
		}
		timing, err := liveTiming()
		if err != nil {
			t.Fatal(err)
		}
		env := &accEnv{BaseURL: base, APIKey: os.Getenv(EnvAPIKey), Backend: backend, timing: timing}
		if backend == backendMeta {
			if env.BaseURL, env.Meta, err = liveMeta(); err != nil {
				t.Fatal(err)
			}
		}
		return env
	}
	base := emulatorDelays
	base.APIKey = testAPIKey
	base.AccessToken = testAccessToken
	em := emulator.New(emulatorOptions(t, base, opts...))
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	return &accEnv{Emulator: em, BaseURL: srv.URL, APIKey: testAPIKey, Backend: backend, Meta: emulatorMeta(), timing: testTiming()}
}

// requireEmulator skips a test that acts as the outside world through the
// emulator's admin surface when running against a real API.
func (e *accEnv) requireEmulator(t *testing.T) *emulator.Emulator {
	t.Helper()
	if e.Emulator == nil {
		t.Skip("live mode: this test needs the emulator's admin surface (fault injection, users joining, out-of-band changes)")
	}
	return e.Emulator
}

// through returns a copy of this environment whose API calls pass through
// wrap on their way to the emulator, for tests that must act at a precise
// moment of an apply (such as right after a given call).
func (e *accEnv) through(t *testing.T, wrap func(next http.Handler) http.Handler) *accEnv {
	t.Helper()
	em := e.requireEmulator(t)
	srv := httptest.NewServer(wrap(em))
	t.Cleanup(srv.Close)
	out := *e
	out.BaseURL = srv.URL
	return &out
}

// factories returns provider factories bound to this environment's timing.
func (e *accEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"d360": providerserver.NewProtocol6WithError(NewWithTiming("test", e.timing)()),
	}
}

// providerBlock configures the provider for this environment. In live mode
// the key stays in the environment, never in a configuration.
func (e *accEnv) providerBlock() string {
	if e.Backend == backendMeta {
		return e.metaProviderBlock()
	}
	if e.Emulator == nil {
		return "provider \"d360\" {}\n"
	}
	return fmt.Sprintf("provider \"d360\" {\n  base_url = %q\n  api_key  = %q\n}\n", e.BaseURL, e.APIKey)
}

// config prefixes a test configuration with the provider block.
func (e *accEnv) config(body string) string { return e.providerBlock() + body }

// randomName returns a name with the test prefix and a random suffix, so
// parallel runs never collide and leftovers can be swept.
func randomName(t *testing.T) string {
	t.Helper()
	b := make([]byte, 5)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return testNamePrefix + hex.EncodeToString(b)
}

// testTemplatePrefix is the test prefix in template names, which allow only
// lowercase letters, digits and underscores.
const testTemplatePrefix = "tf_acc_"

// randomTemplateName returns a valid template name with the test prefix.
func randomTemplateName(t *testing.T) string {
	t.Helper()
	b := make([]byte, 5)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return testTemplatePrefix + hex.EncodeToString(b)
}
