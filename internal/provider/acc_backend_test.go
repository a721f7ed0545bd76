package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// The acceptance suite runs through either backend: D360_ACC_BACKEND=meta
// (make testacc-meta) configures every test's provider for Meta's Cloud API
// routes and Bearer token instead of 360dialog's, against the same emulator
// (which serves both) or, in live mode, against Graph. The tests themselves
// do not change.

const envAccBackend = "D360_ACC_BACKEND"

// testAccessToken is the emulator's Cloud API token in tests; secret-leak
// tests search for it like for the API key.
const testAccessToken = "tf-acc-SECRET-token-4b8e2d6f"

// accBackend is the backend the suite runs through. Unset, it is 360dialog,
// except in live mode when only a Cloud API token is in the environment.
func accBackend() (string, error) {
	switch v := os.Getenv(envAccBackend); v {
	case backend360dialog, backendMeta:
		return v, nil
	case "":
		if os.Getenv("D360_LIVE") == "1" && os.Getenv(EnvAPIKey) == "" && os.Getenv(EnvAccessToken) != "" {
			return backendMeta, nil
		}
		return backend360dialog, nil
	default:
		return "", fmt.Errorf("%s=%q: want %q or %q", envAccBackend, v, backend360dialog, backendMeta)
	}
}

// liveCredential is the credential of the suite's backend in the
// environment (empty when unset).
func liveCredential() string {
	if b, _ := accBackend(); b == backendMeta {
		return os.Getenv(EnvAccessToken)
	}
	return os.Getenv(EnvAPIKey)
}

// emulatorMeta is the Cloud API configuration of an in-process emulator.
func emulatorMeta() client.MetaConfig {
	return client.MetaConfig{
		AccessToken:       testAccessToken,
		PhoneNumberID:     emulator.DefaultPhoneNumberID,
		BusinessAccountID: emulator.DefaultBusinessAccountID,
		Version:           client.DefaultGraphVersion,
	}
}

// liveMeta reads the live Cloud API settings from the environment, the way
// the provider does for an empty provider block.
func liveMeta() (base string, meta client.MetaConfig, err error) {
	s, diags := resolveSettings(providerModel{Backend: types.StringValue(backendMeta)})
	if diags.HasError() {
		var msgs []string
		for _, d := range diags.Errors() {
			msgs = append(msgs, d.Summary()+": "+d.Detail())
		}
		return "", meta, fmt.Errorf("live mode with the meta backend: %s", strings.Join(msgs, "; "))
	}
	return s.baseURL, s.meta, nil
}

// secret is the credential a leak test searches for.
func (e *accEnv) secret() string {
	if e.Backend == backendMeta {
		return e.Meta.AccessToken
	}
	return e.APIKey
}

// clientConfig is a client configuration for this environment's backend.
func (e *accEnv) clientConfig() client.Config {
	cfg := client.Config{BaseURL: e.BaseURL, APIKey: e.APIKey, Retry: e.timing.Retry}
	if e.Backend == backendMeta {
		b, err := client.NewMetaBackend(e.Meta)
		if err != nil {
			panic(err)
		}
		cfg.Backend = b
	}
	return cfg
}

// metaProviderBlock configures the provider for the Cloud API. In live mode
// everything but the backend comes from the environment.
func (e *accEnv) metaProviderBlock() string {
	if e.Emulator == nil {
		return "provider \"d360\" {\n  backend = \"meta\"\n}\n"
	}
	return fmt.Sprintf("provider \"d360\" {\n  backend             = \"meta\"\n  base_url            = %q\n  access_token        = %q\n"+
		"  phone_number_id     = %q\n  business_account_id = %q\n}\n",
		e.BaseURL, e.Meta.AccessToken, e.Meta.PhoneNumberID, e.Meta.BusinessAccountID)
}

// providerBlockSecretFromEnv puts this environment's credential (and the
// rest of its settings) in the environment, as the documentation
// recommends, and returns a provider block that only points at the API.
func (e *accEnv) providerBlockSecretFromEnv(t *testing.T) string {
	t.Helper()
	if e.Backend == backendMeta {
		t.Setenv(EnvAccessToken, e.Meta.AccessToken)
		t.Setenv(EnvPhoneNumberID, e.Meta.PhoneNumberID)
		t.Setenv(EnvBusinessAccountID, e.Meta.BusinessAccountID)
		return fmt.Sprintf("provider \"d360\" {\n  backend  = \"meta\"\n  base_url = %q\n}\n", e.BaseURL)
	}
	t.Setenv(EnvAPIKey, e.APIKey)
	return fmt.Sprintf("provider \"d360\" {\n  base_url = %q\n}\n", e.BaseURL)
}

// isTemplateListPath reports whether path is the template list of either
// backend (360dialog's /v1/configs/templates, Graph's message_templates).
func isTemplateListPath(path string) bool {
	return path == "/v1/configs/templates" || strings.HasSuffix(path, "/message_templates")
}

// metaSweepClientFromEnv is the sweepers' client for the Cloud API, from
// the WHATSAPP_* environment; the token is never printed.
func metaSweepClientFromEnv() (*client.Client, Timing, error) {
	base, meta, err := liveMeta()
	if err != nil {
		return nil, Timing{}, err
	}
	timing, err := liveTiming()
	if err != nil {
		return nil, Timing{}, err
	}
	b, err := client.NewMetaBackend(meta)
	if err != nil {
		return nil, Timing{}, err
	}
	c, err := client.New(client.Config{BaseURL: base, Backend: b, UserAgent: "terraform-provider-d360-sweeper",
		RequestTimeout: timing.RequestTimeout, Retry: timing.Retry})
	if err != nil {
		return nil, Timing{}, fmt.Errorf("%s: %w", EnvGraphBaseURL, err)
	}
	return c, timing, nil
}

// sweepEnvFor points the sweepers' environment at env through its backend.
func sweepEnvFor(t *testing.T, env *accEnv) {
	t.Helper()
	if env.Backend != backendMeta {
		sweepEnv(t, env.BaseURL)
		return
	}
	t.Setenv(envAccBackend, backendMeta)
	t.Setenv(EnvAccessToken, env.Meta.AccessToken)
	t.Setenv(EnvPhoneNumberID, env.Meta.PhoneNumberID)
	t.Setenv(EnvBusinessAccountID, env.Meta.BusinessAccountID)
	t.Setenv(EnvGraphBaseURL, env.BaseURL)
	t.Setenv(envAccPollInterval, "10ms")
}

// Live mode through the meta backend: chosen explicitly or because only a
// Cloud API token is set; every setting comes from the WHATSAPP_* variables
// and none of them goes into a configuration.
func TestAccEnvLiveModeMeta(t *testing.T) {
	t.Setenv("D360_LIVE", "1")
	t.Setenv(EnvAPIKey, "")
	t.Setenv(EnvBaseURL, "https://waba.example.com")
	t.Setenv(EnvAccessToken, "live-secret-token")
	t.Setenv(EnvPhoneNumberID, "123")
	t.Setenv(EnvBusinessAccountID, "456")
	t.Setenv(EnvGraphBaseURL, "")
	for _, b := range []string{"", backendMeta} {
		t.Run("D360_ACC_BACKEND="+b, func(t *testing.T) {
			t.Setenv(envAccBackend, b)
			env := newAccEnv(t)
			if env.Emulator != nil || env.Backend != backendMeta || env.BaseURL != client.DefaultGraphBaseURL {
				t.Fatalf("got backend %q, base URL %q (emulator %v); want live meta at %s", env.Backend, env.BaseURL, env.Emulator != nil, client.DefaultGraphBaseURL)
			}
			if env.Meta.PhoneNumberID != "123" || env.Meta.BusinessAccountID != "456" || env.secret() != "live-secret-token" {
				t.Fatalf("meta settings %+v", env.Meta)
			}
			if block := env.providerBlock(); !strings.Contains(block, `backend = "meta"`) || strings.Contains(block, "live-secret-token") ||
				strings.Contains(block, "base_url") {
				t.Fatalf("live provider block %q must name the backend only", block)
			}
		})
	}
	t.Run("WHATSAPP_BASE_URL", func(t *testing.T) {
		t.Setenv(EnvGraphBaseURL, "http://127.0.0.1:8360")
		if env := newAccEnv(t); env.BaseURL != "http://127.0.0.1:8360" {
			t.Fatalf("base URL %q", env.BaseURL)
		}
	})
	t.Run("a setting missing", func(t *testing.T) {
		t.Setenv(EnvBusinessAccountID, "")
		if _, _, err := liveMeta(); err == nil || !strings.Contains(err.Error(), EnvBusinessAccountID) {
			t.Fatalf("err = %v, want one naming %s", err, EnvBusinessAccountID)
		}
	})
	t.Run("both credentials without D360_ACC_BACKEND pick 360dialog", func(t *testing.T) {
		t.Setenv(envAccBackend, "")
		t.Setenv(EnvAPIKey, "live-key")
		if b, _ := accBackend(); b != backend360dialog {
			t.Fatalf("backend %q", b)
		}
	})
	t.Run("an unknown backend", func(t *testing.T) {
		t.Setenv(envAccBackend, "graph")
		if _, err := accBackend(); err == nil || !strings.Contains(err.Error(), envAccBackend) {
			t.Fatalf("err = %v", err)
		}
	})
}
