package provider

import (
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// Endpoint mistakes say which setting they came from, show the value
// without credentials and suggest the fix; a closed port fails within
// seconds; a wrong key is sent once per run.
func TestAccProvider_endpointMistakes(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	_ = l.Close()
	data := `data "d360_groups" "all" {}`
	run := func(t *testing.T, config, want string) {
		t.Helper()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factories(),
			Steps:                    []resource.TestStep{{Config: config, ExpectError: regexp.MustCompile(`(?s)` + want)}},
		})
	}

	t.Run("environment variable without scheme", func(t *testing.T) {
		t.Setenv(EnvAPIKey, env.APIKey)
		t.Setenv(EnvBaseURL, strings.TrimPrefix(env.BaseURL, "http://"))
		run(t, `provider "d360" {}`+"\n"+data, `Invalid D360_BASE_URL.*from D360_BASE_URL.*Add the scheme:\s+`+regexp.QuoteMeta(env.BaseURL))
	})
	t.Setenv(EnvBaseURL, "")
	provider := func(baseURL, key string) string {
		return fmt.Sprintf("provider \"d360\" {\n  base_url = %q\n  api_key  = %q\n}\n%s", baseURL, key, data)
	}
	t.Run("unparsable URL with credentials", func(t *testing.T) {
		run(t, provider("https://user:hunter2@waba v2.360dialog.io", "k"), `Invalid base_url.*"https://xxxxx@waba v2.360dialog.io"\s+\(from\s+base_url\)`)
	})
	t.Run("closed port", func(t *testing.T) {
		start := time.Now()
		run(t, provider("http://"+closed, env.APIKey), `connection refused.*http://`+regexp.QuoteMeta(closed)+`\s+\(from\s+base_url\)\s+was\s+refused\s+\(3\s+attempts\)`)
		if took := time.Since(start); took > 15*time.Second {
			t.Errorf("took %s", took)
		}
	})
	t.Run("wrong path", func(t *testing.T) {
		run(t, provider(env.BaseURL+"/api", env.APIKey), `does\s+not\s+know\s+the\s+route.*base\s+URL\s+has\s+no\s+path`)
	})
	t.Run("wrong key is sent once", func(t *testing.T) {
		em.ResetCounters()
		several := provider(env.BaseURL, "not-the-key") + "\n" + `data "d360_groups" "b" {}` + "\n" + `data "d360_groups" "c" {}`
		run(t, several, `Check the API key`)
		if n := em.TotalCalls(); n != 1 {
			t.Errorf("%d calls with a refused key (%v), want 1", n, em.CallCounts())
		}
	})
}

func TestBaseURLFix(t *testing.T) {
	for raw, want := range map[string]string{
		"waba-v2.360dialog.io":                "Add the scheme: https://waba-v2.360dialog.io",
		"127.0.0.1:8360":                      "Add the scheme: http://127.0.0.1:8360",
		"user:pw@waba-v2.360dialog.io":        "Add the scheme: https://xxxxx@waba-v2.360dialog.io",
		"http://waba-v2.360dialog.io":         "use https (http is accepted only for loopback addresses such as a local emulator): https://waba-v2.360dialog.io",
		"https://u:p@waba-v2.360dialog.io/?x": "remove the credentials (they go in the provider's api_key or access_token, or their environment variables), remove the query and fragment: https://waba-v2.360dialog.io/",
		"":                                    "Set it to the API's address",
	} {
		if got := baseURLFix(raw, client.DefaultBaseURL); !strings.Contains(got, want) {
			t.Errorf("baseURLFix(%q) = %q, want %q", raw, got, want)
		}
	}
}
