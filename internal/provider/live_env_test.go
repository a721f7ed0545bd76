package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// The harness decides per test which API it targets. These tests pin that
// decision down, so a change to the environment handling cannot quietly
// send `make test` to a real number, or live runs to an emulator.

func TestAccEnvTargetsTheEmulatorUnlessLive(t *testing.T) {
	cases := []struct {
		name, live, key string
	}{
		{"nothing set", "", ""},
		{"key without D360_LIVE", "", "real-key"},
		{"D360_LIVE without key", "1", ""},
		{"D360_LIVE other than 1", "true", "real-key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("D360_LIVE", tc.live)
			t.Setenv(EnvAPIKey, tc.key)
			t.Setenv(EnvAccessToken, "")
			t.Setenv(EnvBaseURL, "https://waba.example.com")
			env := newAccEnv(t)
			if env.Emulator == nil || !strings.HasPrefix(env.BaseURL, "http://127.0.0.1:") || env.APIKey != testAPIKey {
				t.Fatalf("got base URL %q and emulator %v, want an in-process emulator", env.BaseURL, env.Emulator != nil)
			}
			if env.timing != testTiming() {
				t.Fatal("an emulator run must use the millisecond test timing")
			}
			if !strings.Contains(env.providerBlock(), env.BaseURL) {
				t.Fatal("the provider block must point at the emulator, not at the environment")
			}
		})
	}
}

func TestAccEnvLiveMode(t *testing.T) {
	t.Setenv(envAccBackend, backend360dialog)
	t.Setenv("D360_LIVE", "1")
	t.Setenv(EnvAPIKey, "live-secret-key")
	t.Setenv(envAccPollInterval, "")
	t.Setenv(envAccAmbiguousWait, "")

	t.Run("default base URL and production timing", func(t *testing.T) {
		t.Setenv(EnvBaseURL, "")
		env := newAccEnv(t)
		if env.Emulator != nil || env.BaseURL != client.DefaultBaseURL {
			t.Fatalf("got base URL %q (emulator %v), want %s", env.BaseURL, env.Emulator != nil, client.DefaultBaseURL)
		}
		if env.timing != DefaultTiming() {
			t.Fatalf("live timing %+v, want production %+v", env.timing, DefaultTiming())
		}
	})

	t.Run("base URL and timing overrides from the environment", func(t *testing.T) {
		t.Setenv(EnvBaseURL, "http://127.0.0.1:8360")
		t.Setenv(envAccPollInterval, "100ms")
		t.Setenv(envAccAmbiguousWait, "5s")
		env := newAccEnv(t)
		if env.BaseURL != "http://127.0.0.1:8360" || env.APIKey != "live-secret-key" {
			t.Fatalf("got base URL %q", env.BaseURL)
		}
		if env.timing.PollInitial != 100*time.Millisecond || env.timing.PollMax != time.Second || env.timing.AmbiguousCreateWait != 5*time.Second {
			t.Fatalf("timing %+v does not follow the overrides", env.timing)
		}
		if env.timing.CreateTimeout != DefaultTiming().CreateTimeout || env.timing.Retry != DefaultTiming().Retry {
			t.Fatal("the overrides must leave timeouts and retries at production values")
		}
	})

	t.Run("the key stays in the environment", func(t *testing.T) {
		env := newAccEnv(t)
		if block := env.providerBlock(); strings.Contains(block, "live-secret-key") || strings.Contains(block, "base_url") {
			t.Fatalf("live provider block %q must leave the key and base URL to the environment", block)
		}
	})

	t.Run("admin-surface tests skip", func(t *testing.T) {
		var sub *testing.T
		reached := false
		t.Run("needs the emulator", func(t *testing.T) {
			sub = t
			newAccEnv(t).requireEmulator(t)
			reached = true
		})
		if !sub.Skipped() || reached {
			t.Fatal("requireEmulator must skip the test in live mode")
		}
	})
}
