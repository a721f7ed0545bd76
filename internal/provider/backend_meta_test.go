package provider

import (
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// These tests pin down both backends whatever D360_ACC_BACKEND says: each
// builds the environment of the backend it is about.

// accEnvFor is newAccEnv with the backend forced to b.
func accEnvFor(t *testing.T, b string) *accEnv {
	t.Helper()
	t.Setenv(envAccBackend, b)
	env := newAccEnv(t)
	env.requireEmulator(t)
	return env
}

// A meta configuration never sends the 360dialog key header and a
// 360dialog one never sends a Bearer credential, through a whole
// create/read/import/destroy cycle of a group, its invite link and a
// template.
func TestAccBackend_credentialHeaders(t *testing.T) {
	for _, b := range []string{backend360dialog, backendMeta} {
		t.Run(b, func(t *testing.T) {
			env := accEnvFor(t, b)
			subject, name := randomName(t), randomTemplateName(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{
					{Config: env.config(groupConfig(subject, "") + fmt.Sprintf(`
resource "d360_group_invite_link" "test" {
  group_id = d360_group.test.id
}
resource "d360_invite_template" "test" {
  name     = %q
  language = "en_US"
}
data "d360_groups" "all" {}
`, name))},
					{ResourceName: "d360_group.test", ImportState: true, ImportStateVerify: true},
				},
			})
			key, bearer := env.Emulator.AuthHeaders()
			switch {
			case env.Emulator.TotalCalls() < 5:
				t.Fatalf("only %d API calls: the check would prove nothing", env.Emulator.TotalCalls())
			case b == backendMeta && (key != 0 || bearer != env.Emulator.TotalCalls()):
				t.Fatalf("meta backend: %d calls with D360-API-KEY, %d with a Bearer token, of %d", key, bearer, env.Emulator.TotalCalls())
			case b == backend360dialog && (bearer != 0 || key != env.Emulator.TotalCalls()):
				t.Fatalf("360dialog backend: %d calls with a Bearer token, %d with D360-API-KEY, of %d", bearer, key, env.Emulator.TotalCalls())
			}
			if n := env.Emulator.Calls("unauthorized"); n != 0 {
				t.Fatalf("%d unauthorized calls", n)
			}
		})
	}
}

// Mixed or missing settings fail at plan time, naming the setting, with no
// API call; a wrong token is Graph's 190 with advice about the token.
func TestAccProvider_metaConfigurationErrors(t *testing.T) {
	env := accEnvFor(t, backendMeta)
	for _, v := range []string{EnvAPIKey, EnvBaseURL, EnvAccessToken, EnvPhoneNumberID, EnvBusinessAccountID, EnvGraphBaseURL} {
		t.Setenv(v, "")
	}
	data := `data "d360_groups" "all" {}`
	meta := func(lines ...string) string {
		return "provider \"d360\" {\n  backend = \"meta\"\n  base_url = \"" + env.BaseURL + "\"\n  " + strings.Join(lines, "\n  ") + "\n}\n"
	}
	token, pnid, waba := `access_token = "t"`, `phone_number_id = "1"`, `business_account_id = "2"`
	cases := []struct{ name, provider, want string }{
		{"api_key with meta", meta(token, pnid, waba, `api_key = "k"`), `(?s)Setting of the other backend.*api_key.*access_token`},
		{"access_token without meta", fmt.Sprintf("provider \"d360\" {\n  api_key = \"k\"\n  access_token = \"t\"\n  base_url = %q\n}\n", env.BaseURL),
			`(?s)Setting of the other backend.*access_token is a setting of the "meta" backend`},
		{"phone_number_id without meta", `provider "d360" {
  api_key         = "k"
  phone_number_id = "1"
}`, `(?s)phone_number_id is a setting of the "meta" backend`},
		{"graph_api_version without meta", `provider "d360" {
  api_key           = "k"
  graph_api_version = "v23.0"
}`, `(?s)graph_api_version is a setting of the "meta" backend`},
		{"unknown backend", `provider "d360" { backend = "graph" }`, `(?s)backend.*"360dialog".*"meta"`},
		{"missing token", meta(pnid, waba), `(?s)Missing Cloud API access token.*WHATSAPP_ACCESS_TOKEN`},
		{"blank token", meta(`access_token = " "`, pnid, waba), `(?s)Missing Cloud API access token`},
		{"missing phone number id", meta(token, waba), `(?s)Missing phone number id.*WHATSAPP_PHONE_NUMBER_ID`},
		{"missing business account id", meta(token, pnid), `(?s)Missing WhatsApp Business Account id.*WHATSAPP_BUSINESS_ACCOUNT_ID`},
		{"phone number instead of its id", meta(token, `phone_number_id = "+15550001"`, waba), `(?s)phone_number_id.*digits only`},
		{"bad version", meta(token, pnid, waba, `graph_api_version = "23"`), `(?s)graph_api_version.*v23\.0`},
		{"plain http to Graph", `provider "d360" {
  backend             = "meta"
  base_url            = "http://graph.facebook.com"
  access_token        = "t"
  phone_number_id     = "1"
  business_account_id = "2"
}`, `(?s)Invalid base_url.*must\s+use https`},
		{"wrong token", meta(`access_token = "not-the-token"`, `phone_number_id = "`+env.Meta.PhoneNumberID+`"`, waba),
			`(?s)190.*HTTP 401.*access token`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps:                    []resource.TestStep{{Config: tc.provider + "\n" + data, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	// Only the wrong-token case reaches the API (and is refused there).
	if n := env.Emulator.Calls("unauthorized"); n != 1 || env.Emulator.TotalCalls() != 1 {
		t.Fatalf("want exactly one (refused) API call from the wrong-token case, got %v", env.Emulator.CallCounts())
	}
}

// The WHATSAPP_* environment configures a meta provider whose block only
// names the backend; the 360dialog variables never do (a Cloud API token
// must not go to a 360dialog base URL left in the shell).
func TestAccProvider_metaEnvironment(t *testing.T) {
	env := accEnvFor(t, backendMeta)
	t.Setenv(EnvAccessToken, env.Meta.AccessToken)
	t.Setenv(EnvPhoneNumberID, env.Meta.PhoneNumberID)
	t.Setenv(EnvBusinessAccountID, env.Meta.BusinessAccountID)
	t.Setenv(EnvGraphBaseURL, env.BaseURL)
	decoy := httptest.NewServer(emulator.New(emulator.Options{APIKey: "decoy", AccessToken: env.Meta.AccessToken}))
	t.Cleanup(decoy.Close)
	t.Setenv(EnvBaseURL, decoy.URL)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{Config: `provider "d360" {
  backend = "meta"
}
data "d360_groups" "all" {}`}},
	})
	if env.Emulator.Calls("groups.list") == 0 {
		t.Fatal("the environment-configured meta provider never called the emulator")
	}
}

func TestResolveSettingsDefaults(t *testing.T) {
	for _, v := range []string{EnvAPIKey, EnvBaseURL, EnvAccessToken, EnvPhoneNumberID, EnvBusinessAccountID, EnvGraphBaseURL} {
		t.Setenv(v, "")
	}
	t.Setenv(EnvAccessToken, "tok")
	t.Setenv(EnvPhoneNumberID, "1")
	t.Setenv(EnvBusinessAccountID, "2")
	s, diags := resolveSettings(providerModel{Backend: types.StringValue(backendMeta)})
	if diags.HasError() {
		t.Fatal(diags)
	}
	if s.baseURL != client.DefaultGraphBaseURL || s.secret() != "tok" {
		t.Fatalf("settings %+v", s)
	}
	cfg, err := s.clientConfig()
	if err != nil || cfg.Backend == nil || cfg.Backend.GroupsPath() != "/"+client.DefaultGraphVersion+"/1/groups" ||
		cfg.Backend.TemplatesPath() != "/"+client.DefaultGraphVersion+"/2/message_templates" {
		t.Fatalf("client config %+v, %v", cfg, err)
	}
	t.Setenv(EnvAPIKey, "key")
	s, diags = resolveSettings(providerModel{})
	if diags.HasError() || s.backend != backend360dialog || s.baseURL != client.DefaultBaseURL || s.secret() != "key" {
		t.Fatalf("360dialog defaults: %+v %v", s, diags)
	}
	if !slices.Contains(metaOnlyAttributes, "access_token") {
		t.Fatal("access_token must be a meta-only setting")
	}
}
