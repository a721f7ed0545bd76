package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// api sends raw requests: the probe must see answers exactly as the API
// wrote them (which envelope, which JSON types), which the typed client
// deliberately smooths over.
type api struct {
	base *url.URL
	key  string
	http *http.Client
}

// answer is one HTTP exchange.
type answer struct {
	status int
	raw    []byte
}

func newAPI(baseURL, key string, timeout time.Duration) (*api, error) {
	base, err := client.ParseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("D360_BASE_URL %w", err)
	}
	return &api{
		base: base, key: key,
		http: &http.Client{Timeout: timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
			// The key header would follow a redirect: never follow one.
			return http.ErrUseLastResponse
		}},
	}, nil
}

func (a *api) do(ctx context.Context, method, path string, query url.Values, body []byte, ctype string) (answer, error) {
	u := *a.base
	u.Path = a.base.Path + path
	u.RawPath = ""
	u.RawQuery = query.Encode()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return answer{}, err
	}
	req.Header.Set(client.APIKeyHeader, a.key)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "d360-probe")
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return answer{}, fmt.Errorf("%s %s: %s", method, path, a.redact(err.Error()))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return answer{}, fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	return answer{status: resp.StatusCode, raw: raw}, nil
}

func (a *api) getJSON(ctx context.Context, path string, query url.Values) (answer, error) {
	return a.do(ctx, http.MethodGet, path, query, nil, "")
}

func (a *api) sendJSON(ctx context.Context, method, path string, payload any) (answer, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return answer{}, err
	}
	return a.do(ctx, method, path, nil, body, "application/json")
}

// redact removes the key from text shown to the user.
func (a *api) redact(s string) string {
	if a.key == "" {
		return s
	}
	return strings.ReplaceAll(s, a.key, "[REDACTED]")
}

// ok reports a 2xx answer.
func (r answer) ok() bool { return r.status >= 200 && r.status < 300 }

// object decodes the answer as a JSON object of raw members (nil when it is
// not one).
func (r answer) object() map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(r.raw, &m) != nil {
		return nil
	}
	return m
}

// short is the answer for a message: status and the start of the body.
func (r answer) short(redact func(string) string) string {
	body := strings.TrimSpace(string(r.raw))
	if len(body) > 300 {
		body = body[:300] + "…"
	}
	return redact(fmt.Sprintf("HTTP %d %s", r.status, body))
}
