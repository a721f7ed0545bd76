package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestProviderSchemaAndMetadata(t *testing.T) {
	p := New("1.2.3")()
	var meta provider.MetadataResponse
	p.Metadata(context.Background(), provider.MetadataRequest{}, &meta)
	if meta.TypeName != "d360" || meta.Version != "1.2.3" {
		t.Fatalf("metadata = %+v", meta)
	}
	var resp provider.SchemaResponse
	p.Schema(context.Background(), provider.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	key := resp.Schema.Attributes["api_key"]
	if key == nil || !key.IsSensitive() {
		t.Fatal("api_key must exist and be sensitive")
	}
}

func TestUserAgentNamesProviderAndTerraformVersions(t *testing.T) {
	ua := userAgent("0.4.0", "1.11.4")
	for _, want := range []string{"terraform-provider-d360/0.4.0", "Terraform/1.11.4"} {
		if !strings.Contains(ua, want) {
			t.Fatalf("User-Agent %q lacks %q", ua, want)
		}
	}
}

// Provider configuration errors name the attribute, say what is wrong and
// cost no API call.
func TestAccProvider_configurationErrors(t *testing.T) {
	env := newAccEnv(t)
	env.require360dialog(t)
	t.Setenv(EnvAPIKey, "")
	t.Setenv(EnvBaseURL, "")
	data := `data "d360_groups" "all" {}`
	cases := []struct {
		name, provider, want string
	}{
		{"missing key", fmt.Sprintf(`provider "d360" { base_url = %q }`, env.BaseURL), `Missing 360dialog API key(.|\n)*D360_API_KEY`},
		{"blank key", fmt.Sprintf(`provider "d360" {
  base_url = %q
  api_key  = "  "
}`, env.BaseURL), `Missing 360dialog API key`},
		{"plain http to a remote host", `provider "d360" {
  base_url = "http://waba-v2.360dialog.io"
  api_key  = "k"
}`, `Invalid base_url(.|\n)*must use https`},
		{"not a URL", `provider "d360" {
  base_url = "waba-v2.360dialog.io"
  api_key  = "k"
}`, `Invalid base_url(.|\n)*must be an(.|\n)*absolute(.|\n)*URL(.|\n)*Add the scheme: https://waba-v2.360dialog.io`},
		{"query string", `provider "d360" {
  base_url = "https://waba-v2.360dialog.io/?x=1"
  api_key  = "k"
}`, `Invalid base_url(.|\n)*query`},
		{"credentials in URL", `provider "d360" {
  base_url = "https://user:pw@waba-v2.360dialog.io"
  api_key  = "k"
}`, `Invalid base_url(.|\n)*credentials`},
		{"wrong key", fmt.Sprintf(`provider "d360" {
  base_url = %q
  api_key  = "not-the-key"
}`, env.BaseURL), `Invalid api_key(.|\n)*HTTP 401(.|\n)*Check the API key`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      tc.provider + "\n" + data,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	// Only the wrong-key case reaches the API (and is refused there).
	if em := env.Emulator; em != nil && (em.Calls("unauthorized") != 1 || em.TotalCalls() != 1) {
		t.Fatalf("want exactly one (refused) API call from the wrong-key case, got %v", em.CallCounts())
	}
}

// Settings from the environment configure the provider when the block is
// empty.
func TestAccProvider_environment(t *testing.T) {
	env := newAccEnv(t)
	env.require360dialog(t)
	t.Setenv(EnvAPIKey, env.APIKey)
	t.Setenv(EnvBaseURL, env.BaseURL)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: `provider "d360" {}
data "d360_groups" "all" {}`,
		}},
	})
	if env.Emulator != nil && env.Emulator.Calls("groups.list") == 0 {
		t.Fatal("the environment-configured provider never called the emulator")
	}
}

// A provider configuration that is unknown at plan time (it depends on a
// resource not yet created) does not fail the plan.
func TestAccProvider_unknownConfigurationDefersQuietly(t *testing.T) {
	env := newAccEnv(t)
	env.require360dialog(t)
	// In live mode the key stays in the environment: the plan never applies,
	// so the unknown api_key need not resolve to it.
	seedProvider := fmt.Sprintf("base_url = %q\n  api_key  = %q", env.BaseURL, env.APIKey)
	key := fmt.Sprintf("%q", env.APIKey)
	if env.Emulator == nil {
		seedProvider, key = "", "null"
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "d360" {
  alias    = "env"
  %s
}
resource "d360_group" "seed" {
  provider = d360.env
  subject  = %q
}
provider "d360" {
  base_url = %q
  # Unknown until the group exists.
  api_key = d360_group.seed.id == "" ? "" : %s
}
resource "d360_group" "test" {
  subject = %q
}
`, seedProvider, randomName(t), env.BaseURL, key, randomName(t)),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}
