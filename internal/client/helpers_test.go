package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is the API key every test client uses; secrets_test.go checks it
// never leaks.
const testKey = "sk-test-SECRET"

// testRetry keeps retrying tests fast.
var testRetry = RetryPolicy{MaxAttempts: 4, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}

// recorded is one request as the fake server saw it.
type recorded struct {
	Method      string
	Path        string // decoded path
	EscapedPath string // path as sent on the wire
	Query       url.Values
	Header      http.Header
	Body        []byte
}

// fakeAPI is an httptest server that records every request and answers with
// handler (n is the 0-based index of the request).
type fakeAPI struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	reqs    []recorded
	handler func(w http.ResponseWriter, r *http.Request, n int)
}

func newFakeAPI(t *testing.T, handler func(w http.ResponseWriter, r *http.Request, n int)) *fakeAPI {
	t.Helper()
	f := &fakeAPI{t: t, handler: handler}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		n := len(f.reqs)
		f.reqs = append(f.reqs, recorded{
			Method: r.Method, Path: r.URL.Path, EscapedPath: r.URL.EscapedPath(),
			Query: r.URL.Query(), Header: r.Header.Clone(), Body: body,
		})
		f.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		f.handler(w, r, n)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// requests returns a copy of what the server has seen so far.
func (f *fakeAPI) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

// only asserts the server saw exactly one request and returns it.
func (f *fakeAPI) only() recorded {
	f.t.Helper()
	reqs := f.requests()
	if len(reqs) != 1 {
		f.t.Fatalf("server saw %d requests, want 1: %+v", len(reqs), reqs)
	}
	return reqs[0]
}

// newTestClient returns a client for f with the fast retry policy.
func newTestClient(t *testing.T, f *fakeAPI, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: f.srv.URL, APIKey: testKey, Retry: testRetry, UserAgent: "terraform-provider-d360/test"}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// reply answers every request with status and body.
func reply(status int, body string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) { write(w, status, body) }
}

// sequence answers request n with steps[n] (the last step repeats).
func sequence(steps ...func(http.ResponseWriter, *http.Request, int)) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, n int) {
		if n >= len(steps) {
			n = len(steps) - 1
		}
		steps[n](w, r, n)
	}
}

func write(w http.ResponseWriter, status int, body string) {
	if body != "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// hangUp takes over the connection and closes it without answering: the
// request arrived, the response is lost.
func hangUp(w http.ResponseWriter, _ *http.Request, _ int) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("response writer cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(err)
	}
	_ = conn.Close()
}

// graphError renders a Graph error envelope.
func graphError(code int, message, details string) string {
	return fmt.Sprintf(`{"error":{"message":%q,"type":"OAuthException","code":%d,"error_data":{"messaging_product":"whatsapp","details":%q},"fbtrace_id":"AbCdEf"}}`, message, code, details)
}

// assertRequest checks method, decoded path, exact query and the standard headers.
func assertRequest(t *testing.T, got recorded, method, path string, query url.Values) {
	t.Helper()
	if got.Method != method {
		t.Errorf("method = %s, want %s", got.Method, method)
	}
	if got.Path != path {
		t.Errorf("path = %q, want %q", got.Path, path)
	}
	if query == nil {
		query = url.Values{}
	}
	if !reflect.DeepEqual(got.Query, query) {
		t.Errorf("query = %v, want %v", got.Query, query)
	}
	if k := got.Header.Get(APIKeyHeader); k != testKey {
		t.Errorf("%s = %q, want the API key", APIKeyHeader, k)
	}
	if a := got.Header.Get("Accept"); a != "application/json" {
		t.Errorf("Accept = %q", a)
	}
}

// assertJSONBody checks that the request carried exactly the JSON want.
func assertJSONBody(t *testing.T, got recorded, want string) {
	t.Helper()
	if ct := got.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	assertJSONEqual(t, got.Body, want)
}

func assertJSONEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation %s: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON body = %s\nwant        %s", got, want)
	}
}

// assertNoBody checks that the request had no body.
func assertNoBody(t *testing.T, got recorded) {
	t.Helper()
	if len(got.Body) != 0 {
		t.Errorf("unexpected body %q", got.Body)
	}
	if ct := got.Header.Get("Content-Type"); ct != "" {
		t.Errorf("unexpected Content-Type %q", ct)
	}
}

// apiErr extracts the *APIError from err or fails.
func apiErr(t *testing.T, err error) *APIError {
	t.Helper()
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an *APIError", err, err)
	}
	return ae
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// bg is a context with a generous safety timeout so a broken test cannot hang.
func bg(t *testing.T) context.Context { return ctxTimeout(t, 10*time.Second) }

func mustContain(t *testing.T, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%q does not contain %q", s, p)
		}
	}
}
