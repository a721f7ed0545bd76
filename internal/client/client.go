// Package client is a typed HTTP client for the 360dialog Groups and template
// APIs. It knows nothing about Terraform: the provider adapts its logging hook
// and maps its types to schemas.
package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// DefaultBaseURL is the 360dialog Messaging API (Cloud API).
const DefaultBaseURL = "https://waba-v2.360dialog.io"

// LogFunc receives one structured log line. The client never passes
// credentials to it.
type LogFunc func(ctx context.Context, msg string, fields map[string]any)

// RetryPolicy bounds how often and how long a retryable request is repeated.
// The context deadline always wins.
type RetryPolicy struct {
	MaxAttempts int           // total attempts, including the first
	MinBackoff  time.Duration // first wait; doubles each time
	MaxBackoff  time.Duration // cap of one wait
}

// DefaultRetryPolicy suits the real API, whose group rate limit is unpublished.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 8, MinBackoff: 500 * time.Millisecond, MaxBackoff: 30 * time.Second}

// Config configures a Client.
type Config struct {
	BaseURL string
	// BaseURLSource names where BaseURL came from ("base_url",
	// "D360_BASE_URL", "the default"), for error messages.
	BaseURLSource string
	// Backend defaults to the 360dialog backend built from APIKey.
	Backend Backend
	APIKey  string
	// UserAgent is sent on every request.
	UserAgent string
	// RequestTimeout bounds one HTTP exchange (default 60s).
	RequestTimeout time.Duration
	Retry          RetryPolicy
	Log            LogFunc
	// Transport overrides the HTTP transport (tests). TLS verification is
	// never disabled by this package.
	Transport http.RoundTripper
}

// Client talks to one phone number's API. It is safe for concurrent use and
// meant to be shared by every resource of a provider instance.
type Client struct {
	baseURL   *url.URL
	backend   Backend
	userAgent string
	http      *http.Client
	retry     RetryPolicy
	log       LogFunc
	redactor  *strings.Replacer
	throttle  throttle
	urlSource string   // see Config.BaseURLSource
	key       keyLatch // see endpoint.go
	// picturePart indexes pictureParts: the multipart part name this API
	// accepted for a profile picture (see picture.go).
	picturePart atomic.Int32
	// joinRequestsNoLimit is set once the API refused `limit` on the join
	// requests listing (join_requests.go).
	joinRequestsNoLimit atomic.Bool
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	raw := cfg.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	base, err := ParseBaseURL(raw)
	if err != nil {
		return nil, err
	}
	backend := cfg.Backend
	if backend == nil {
		if cfg.APIKey == "" {
			return nil, errors.New("an API key is required")
		}
		backend = NewD360Backend(cfg.APIKey)
	}
	retry := cfg.Retry
	if retry.MaxAttempts <= 0 {
		retry = DefaultRetryPolicy
	}
	timeout := cfg.RequestTimeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	transport := cfg.Transport
	if transport == nil {
		transport = newTransport()
	}
	logf := cfg.Log
	if logf == nil {
		logf = func(context.Context, string, map[string]any) {}
	}
	var pairs []string
	for _, s := range backend.Secrets() {
		if s != "" {
			pairs = append(pairs, s, "[REDACTED]")
		}
	}
	c := &Client{
		baseURL:   base,
		backend:   backend,
		userAgent: cfg.UserAgent,
		retry:     retry,
		log:       logf,
		redactor:  strings.NewReplacer(pairs...),
		urlSource: cfg.BaseURLSource,
	}
	c.http = &http.Client{
		Transport:     transport,
		Timeout:       timeout,
		CheckRedirect: sameHostRedirectsOnly,
	}
	return c, nil
}

// ParseBaseURL checks a base URL: absolute, https (http only for loopback
// hosts such as a local emulator), no query or fragment.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Error repeats the raw URL, which may hold credentials.
		return nil, errors.New("not a valid URL")
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("must be an absolute http(s) URL such as %s", DefaultBaseURL)
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("must use https (http is only allowed for loopback hosts such as 127.0.0.1 or localhost), got host %q", u.Hostname())
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("must not contain a query or fragment")
	}
	if u.User != nil {
		return nil, errors.New("must not contain credentials")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// RedactURL shows a URL without any user info, for messages.
func RedactURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "(not a valid URL)"
	}
	return u.Redacted()
}

// IsLoopbackHost reports whether host names this machine.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func newTransport() http.RoundTripper {
	// Like http.DefaultTransport, but a provider process runs up to
	// -parallelism requests at once against one host: keep those
	// connections alive between calls. TLS verification stays on.
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// sameHostRedirectsOnly refuses a redirect to another host: the API key
// header would otherwise travel with it (net/http only strips Authorization
// and cookies on cross-host redirects).
func sameHostRedirectsOnly(req *http.Request, via []*http.Request) error {
	if len(via) >= 3 {
		return &redirectError{msg: "stopped after 3 redirects"}
	}
	if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		return &redirectError{msg: fmt.Sprintf("refusing to follow a redirect to %s://%s: credentials are only sent to the configured base URL", req.URL.Scheme, req.URL.Host)}
	}
	return nil
}

// redirectError is a redirect the client will not follow; repeating the
// request would only be refused again.
type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

// redact removes any secret from s.
func (c *Client) redact(s string) string { return c.redactor.Replace(s) }

// BaseURL returns the configured base URL.
func (c *Client) BaseURL() string { return c.baseURL.String() }
