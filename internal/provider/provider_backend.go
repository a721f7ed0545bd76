package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// The two backends: 360dialog's gateway (the default) and Meta's Cloud API
// called directly. Only routes and credentials differ (client.Backend).
const (
	backend360dialog = "360dialog"
	backendMeta      = "meta"
)

// Environment variables of the meta backend, named like Meta's own samples.
// The 360dialog ones (D360_API_KEY, D360_BASE_URL) never configure it, so a
// Cloud API token cannot be sent to a 360dialog base URL left in the shell.
const (
	EnvAccessToken       = "WHATSAPP_ACCESS_TOKEN"
	EnvPhoneNumberID     = "WHATSAPP_PHONE_NUMBER_ID"
	EnvBusinessAccountID = "WHATSAPP_BUSINESS_ACCOUNT_ID"
	EnvGraphBaseURL      = "WHATSAPP_BASE_URL"
)

// metaOnlyAttributes are the settings that mean nothing to 360dialog.
var metaOnlyAttributes = []string{"access_token", "phone_number_id", "business_account_id", "graph_api_version"}

var graphIDRe = regexp.MustCompile(`^[0-9]+$`)

// backendAttributes are the provider arguments that choose and configure
// the backend (api_key and base_url are declared with the provider).
func backendAttributes() map[string]schema.Attribute {
	digits := []validator.String{stringvalidator.RegexMatches(graphIDRe, "must be a Graph id (digits only)")}
	return map[string]schema.Attribute{
		"backend": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Which API the provider talks to: `" + backend360dialog + "` (default) for 360dialog's " +
				"Messaging API with `api_key`, or `" + backendMeta + "` for Meta's WhatsApp Cloud API called directly " +
				"(`graph.facebook.com`) with `access_token`, `phone_number_id` and `business_account_id`. " +
				"Resources and data sources behave the same on both.",
			Validators: []validator.String{stringvalidator.OneOf(backend360dialog, backendMeta)},
		},
		"access_token": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "`meta` backend only: a system-user access token with the `whatsapp_business_management` and " +
				"`whatsapp_business_messaging` permissions. May also be set with the `" + EnvAccessToken +
				"` environment variable, which is preferred: a token in configuration ends up in plan files.",
		},
		"phone_number_id": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "`meta` backend only: the id of the business phone number whose groups are managed " +
				"(not the phone number itself). May also be set with `" + EnvPhoneNumberID + "`.",
			Validators: digits,
		},
		"business_account_id": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "`meta` backend only: the id of the WhatsApp Business Account (WABA) that owns the message " +
				"templates (`d360_invite_template`). May also be set with `" + EnvBusinessAccountID + "`.",
			Validators: digits,
		},
		"graph_api_version": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "`meta` backend only: the Graph API version every path starts with. Defaults to `" +
				client.DefaultGraphVersion + "`.",
			Validators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^v[0-9]+\.[0-9]+$`), "must look like "+client.DefaultGraphVersion)},
		},
	}
}

// ValidateConfig refuses a configuration that mixes the two backends'
// settings, at validate and plan time and without any API call. What is
// missing is only known once the environment is read, in Configure.
func (p *d360Provider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var backend types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("backend"), &backend)...)
	if resp.Diagnostics.HasError() || backend.IsUnknown() {
		return
	}
	set := func(name string) bool {
		var v types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &v)...)
		return !v.IsNull()
	}
	if backend.ValueString() == backendMeta {
		if set("api_key") {
			resp.Diagnostics.AddAttributeError(path.Root("api_key"), "Setting of the other backend",
				`api_key is the 360dialog API key, but backend = "meta" calls Meta's Cloud API, which authenticates with `+
					"access_token (or the "+EnvAccessToken+" environment variable). Remove api_key, or remove backend to use 360dialog.")
		}
		return
	}
	for _, name := range metaOnlyAttributes {
		if set(name) {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Setting of the other backend",
				fmt.Sprintf(`%s is a setting of the "meta" backend (Meta's Cloud API called directly), but the provider uses %s. `+
					`Set backend = "meta" to call the Cloud API, or remove %s.`, name, backend360dialog, name))
		}
	}
}

// backendSettings is the provider configuration merged with the
// environment: everything needed to build the client.
type backendSettings struct {
	backend       string
	baseURL       string
	baseURLSource string // base_url, an environment variable or the default
	apiKey        string
	meta          client.MetaConfig
}

// secret is the credential of the chosen backend, masked in every log line.
func (s backendSettings) secret() string {
	if s.backend == backendMeta {
		return s.meta.AccessToken
	}
	return s.apiKey
}

// pick returns the configured value, else the environment variable's.
func pick(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// resolveSettings merges configuration and environment and reports, per
// attribute, every setting the chosen backend lacks.
func resolveSettings(cfg providerModel) (backendSettings, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := backendSettings{backend: backend360dialog}
	if !cfg.Backend.IsNull() {
		s.backend = cfg.Backend.ValueString()
	}
	missing := func(attr, env, what string) {
		diags.AddAttributeError(path.Root(attr), "Missing "+what,
			fmt.Sprintf("The %s backend needs %s. Set the %s environment variable or the %s argument of the provider block.",
				s.backend, what, env, attr))
	}
	if s.backend == backendMeta {
		s.baseURL, s.baseURLSource = resolveBaseURL(cfg.BaseURL, EnvGraphBaseURL, client.DefaultGraphBaseURL)
		s.meta = client.MetaConfig{
			AccessToken:       pick(cfg.AccessToken, EnvAccessToken),
			PhoneNumberID:     strings.TrimSpace(pick(cfg.PhoneNumberID, EnvPhoneNumberID)),
			BusinessAccountID: strings.TrimSpace(pick(cfg.BusinessAccountID, EnvBusinessAccountID)),
			Version:           cfg.GraphAPIVersion.ValueString(),
		}
		if strings.TrimSpace(s.meta.AccessToken) == "" {
			missing("access_token", EnvAccessToken, "Cloud API access token")
		}
		if s.meta.PhoneNumberID == "" {
			missing("phone_number_id", EnvPhoneNumberID, "phone number id")
		} else if !graphIDRe.MatchString(s.meta.PhoneNumberID) {
			diags.AddAttributeError(path.Root("phone_number_id"), "Invalid phone_number_id",
				"The phone number id from "+EnvPhoneNumberID+" must be a Graph id (digits only), not the phone number.")
		}
		if s.meta.BusinessAccountID == "" {
			missing("business_account_id", EnvBusinessAccountID, "WhatsApp Business Account id")
		} else if !graphIDRe.MatchString(s.meta.BusinessAccountID) {
			diags.AddAttributeError(path.Root("business_account_id"), "Invalid business_account_id",
				"The business account id from "+EnvBusinessAccountID+" must be a Graph id (digits only).")
		}
	} else {
		s.apiKey = pick(cfg.APIKey, EnvAPIKey)
		s.baseURL, s.baseURLSource = resolveBaseURL(cfg.BaseURL, EnvBaseURL, client.DefaultBaseURL)
		if strings.TrimSpace(s.apiKey) == "" {
			diags.AddAttributeError(path.Root("api_key"), "Missing 360dialog API key",
				"The provider needs the API key of the phone number. Set the "+EnvAPIKey+
					" environment variable (preferred) or the api_key argument of the provider block.")
		}
	}
	if _, err := client.ParseBaseURL(s.baseURL); err != nil {
		def := client.DefaultBaseURL
		if s.backend == backendMeta {
			def = client.DefaultGraphBaseURL
		}
		diags.Append(baseURLDiagnostic(s.baseURL, s.baseURLSource, def, err))
	}
	return s, diags
}

// clientConfig is the client configuration for these settings.
func (s backendSettings) clientConfig() (client.Config, error) {
	cfg := client.Config{BaseURL: s.baseURL, BaseURLSource: s.baseURLSource, APIKey: s.apiKey}
	if s.backend == backendMeta {
		b, err := client.NewMetaBackend(s.meta)
		if err != nil {
			return cfg, err
		}
		cfg.Backend = b
	}
	return cfg, nil
}
