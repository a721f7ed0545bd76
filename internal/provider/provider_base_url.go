package provider

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// Where the base URL came from, as error messages name it.
const (
	baseURLFromConfig  = "base_url"
	baseURLFromDefault = "the default"
)

// resolveBaseURL picks the base URL (the provider argument, then the
// backend's environment variable env, then its default def) and says where
// it came from.
func resolveBaseURL(configured types.String, env, def string) (value, source string) {
	if !configured.IsNull() {
		return configured.ValueString(), baseURLFromConfig
	}
	if v := os.Getenv(env); v != "" {
		return v, env
	}
	return def, baseURLFromDefault
}

// baseURLDiagnostic reports an unusable base URL: which setting it came
// from, its value without credentials, what is wrong and how to fix it.
func baseURLDiagnostic(value, source, def string, err error) diag.Diagnostic {
	summary := "Invalid " + source
	detail := fmt.Sprintf("The base URL %q (from %s) is not usable: %s.", displayBaseURL(value), source, err)
	if fix := baseURLFix(value, def); fix != "" {
		detail += "\n\n" + fix
	}
	if source == baseURLFromConfig {
		return diag.NewAttributeErrorDiagnostic(path.Root("base_url"), summary, detail)
	}
	return diag.NewErrorDiagnostic(summary, detail+fmt.Sprintf("\n\nThe value comes from the %s environment variable; "+
		"unset it to use %s, or set the provider's base_url argument.", source, def))
}

// displayBaseURL shows a base URL with any user info replaced, even when it
// does not parse as a URL.
func displayBaseURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if u, err := url.Parse(raw); err == nil && strings.Contains(raw, "://") {
		return u.Redacted()
	}
	scheme, rest, found := strings.Cut(raw, "://")
	if !found {
		scheme, rest = "", raw
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		rest = "xxxxx@" + rest[at+1:]
	}
	if found {
		return scheme + "://" + rest
	}
	return rest
}

// baseURLFix suggests the corrected value for the usual mistakes.
func baseURLFix(raw, def string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return fmt.Sprintf("Set it to the API's address, such as %s, or leave it out to use that default.", def)
	}
	if !strings.Contains(raw, "://") {
		scheme := "https://"
		host := raw
		if i := strings.IndexAny(host, "/?#"); i >= 0 {
			host = host[:i]
		}
		if h, _, err := splitHostPortLoose(host); err == nil && client.IsLoopbackHost(h) {
			scheme = "http://"
		}
		return fmt.Sprintf("Add the scheme: %s%s", scheme, displayBaseURL(raw))
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "Check the value for spaces or other characters a URL cannot hold."
	}
	fixed := *u
	var advice []string
	if u.User != nil {
		fixed.User = nil
		advice = append(advice, "remove the credentials (they go in the provider's api_key or access_token, or their environment variables)")
	}
	loopbackHTTP := u.Scheme == "http" && client.IsLoopbackHost(u.Hostname())
	if u.Scheme != "https" && !loopbackHTTP {
		fixed.Scheme = "https"
		advice = append(advice, "use https (http is accepted only for loopback addresses such as a local emulator)")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		fixed.RawQuery, fixed.Fragment, fixed.ForceQuery = "", "", false
		advice = append(advice, "remove the query and fragment")
	}
	if len(advice) == 0 || fixed.Host == "" {
		return fmt.Sprintf("The API's address is %s; a local emulator is http://127.0.0.1:8360.", def)
	}
	return fmt.Sprintf("To fix it, %s: %s", strings.Join(advice, ", "), fixed.String())
}

// splitHostPortLoose splits "host:port" and accepts a bare host.
func splitHostPortLoose(s string) (host, port string, err error) {
	u, err := url.Parse("//" + s)
	if err != nil {
		return "", "", err
	}
	return u.Hostname(), u.Port(), nil
}
