// Package provider implements the d360 Terraform provider on
// terraform-plugin-framework.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// Environment variables read when the provider block leaves a setting out.
const (
	EnvAPIKey  = "D360_API_KEY"
	EnvBaseURL = "D360_BASE_URL"
)

var (
	_ provider.Provider                       = (*d360Provider)(nil)
	_ provider.ProviderWithValidateConfig     = (*d360Provider)(nil)
	_ provider.ProviderWithEphemeralResources = (*d360Provider)(nil)
	_ provider.ProviderWithListResources      = (*d360Provider)(nil)
	_ provider.ProviderWithActions            = (*d360Provider)(nil)
)

// d360Provider is the provider; Configure builds the one client that every
// resource and data source of the run shares.
type d360Provider struct {
	version string
	timing  Timing
}

type providerModel struct {
	APIKey            types.String `tfsdk:"api_key"`
	BaseURL           types.String `tfsdk:"base_url"`
	Backend           types.String `tfsdk:"backend"`
	AccessToken       types.String `tfsdk:"access_token"`
	PhoneNumberID     types.String `tfsdk:"phone_number_id"`
	BusinessAccountID types.String `tfsdk:"business_account_id"`
	GraphAPIVersion   types.String `tfsdk:"graph_api_version"`
}

// New returns a constructor of the provider with production timing.
func New(version string) func() provider.Provider {
	return NewWithTiming(version, DefaultTiming())
}

// NewWithTiming returns a constructor of the provider with the given timing;
// tests use it to run the asynchronous paths in milliseconds.
func NewWithTiming(version string, timing Timing) func() provider.Provider {
	return func() provider.Provider {
		return &d360Provider{version: version, timing: timing}
	}
}

func (p *d360Provider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "d360"
	resp.Version = p.version
}

func (p *d360Provider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	attrs := backendAttributes()
	attrs["api_key"] = schema.StringAttribute{
		Optional:  true,
		Sensitive: true,
		MarkdownDescription: "`360dialog` backend only: the 360dialog API key of the phone number (channel). May also be set with the `" +
			EnvAPIKey + "` environment variable, which is preferred: a key in configuration ends up in plan files.",
	}
	attrs["base_url"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Base URL of the API. Defaults to `" + client.DefaultBaseURL + "` (`360dialog` backend, which also reads the `" +
			EnvBaseURL + "` environment variable) or `" + client.DefaultGraphBaseURL + "` (`meta` backend, which reads `" +
			EnvGraphBaseURL + "`). Must use `https`, except for loopback hosts (a local emulator such as `http://127.0.0.1:8360`).",
	}
	resp.Schema = schema.Schema{
		Description: "Manage WhatsApp groups, their invite links and invite templates through the 360dialog API or Meta's Cloud API.",
		MarkdownDescription: "Manage WhatsApp groups, their invite links and invite templates through the " +
			"[360dialog](https://docs.360dialog.com/docs/messaging/groups) API or Meta's " +
			"[WhatsApp Cloud API](https://developers.facebook.com/documentation/business-messaging/whatsapp/groups) directly.",
		Attributes: attrs,
	}
}

func (p *d360Provider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A value that is only known after apply (for example a key read from a
	// secret store resource) leaves the provider unconfigured for this plan;
	// resources report it only if they actually need the API.
	if cfg.APIKey.IsUnknown() || cfg.BaseURL.IsUnknown() || cfg.Backend.IsUnknown() || cfg.AccessToken.IsUnknown() ||
		cfg.PhoneNumberID.IsUnknown() || cfg.BusinessAccountID.IsUnknown() || cfg.GraphAPIVersion.IsUnknown() {
		tflog.Debug(ctx, "provider configuration has unknown values; deferring client construction")
		return
	}

	settings, diags := resolveSettings(cfg)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ccfg, err := settings.clientConfig()
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the API client", err.Error())
		return
	}
	ccfg.UserAgent = userAgent(p.version, req.TerraformVersion)
	ccfg.RequestTimeout = p.timing.RequestTimeout
	ccfg.Retry = p.timing.Retry
	ccfg.Log = tflogAdapter(settings.secret())
	c, err := client.New(ccfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the API client", err.Error())
		return
	}
	data := newProviderData(c, p.timing)
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

func (p *d360Provider) Resources(context.Context) []func() resource.Resource {
	return resourceConstructors
}

func (p *d360Provider) DataSources(context.Context) []func() datasource.DataSource {
	return dataSourceConstructors
}

// EphemeralResources, ListResources and Actions: see registry.go.
func (p *d360Provider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return ephemeralResourceConstructors
}

func (p *d360Provider) ListResources(context.Context) []func() list.ListResource {
	return listResourceConstructors
}

func (p *d360Provider) Actions(context.Context) []func() action.Action {
	return actionConstructors
}

func userAgent(providerVersion, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-d360/%s (+https://registry.terraform.io/providers/d360/d360) Terraform/%s",
		providerVersion, terraformVersion)
}

// tflogAdapter sends client log lines to tflog with the key masked, as a
// second line of defence: the client never logs credentials itself.
func tflogAdapter(apiKey string) client.LogFunc {
	return func(ctx context.Context, msg string, fields map[string]any) {
		ctx = tflog.MaskMessageStrings(ctx, apiKey)
		ctx = tflog.MaskAllFieldValuesStrings(ctx, apiKey)
		tflog.Debug(ctx, msg, fields)
	}
}
