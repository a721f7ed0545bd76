package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		header   string
		min, max time.Duration
	}{
		{"", 0, 0},
		{"0", 0, 0},
		{"1", time.Second, time.Second},
		{"120", 2 * time.Minute, 2 * time.Minute},
		{"-3", 0, 0},
		{"soon", 0, 0},
		{"1.5", 0, 0},
		{time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat), 28 * time.Second, 30 * time.Second},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		if got := retryAfter(h); got < tt.min || got > tt.max {
			t.Errorf("retryAfter(%q) = %v, want in [%v, %v]", tt.header, got, tt.min, tt.max)
		}
	}
	past := http.Header{"Retry-After": {time.Now().Add(-time.Minute).UTC().Format(http.TimeFormat)}}
	if got := retryAfter(past); got > 0 {
		t.Errorf("a date in the past gave %v", got)
	}
}

func TestBackoff(t *testing.T) {
	c := &Client{retry: RetryPolicy{MaxAttempts: 100, MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}}
	bounds := map[int][2]time.Duration{
		1: {50 * time.Millisecond, 100 * time.Millisecond},
		2: {100 * time.Millisecond, 200 * time.Millisecond},
		3: {200 * time.Millisecond, 400 * time.Millisecond},
		4: {400 * time.Millisecond, 800 * time.Millisecond},
		5: {500 * time.Millisecond, time.Second}, // capped
	}
	for attempt := 1; attempt <= 80; attempt++ {
		lo, hi := 500*time.Millisecond, time.Second
		if b, ok := bounds[attempt]; ok {
			lo, hi = b[0], b[1]
		}
		for range 20 {
			if d := c.backoff(attempt); d < lo || d > hi {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", attempt, d, lo, hi)
			}
		}
	}
}

func TestIdempotentRetries(t *testing.T) {
	ok := reply(200, `{"id":"G1","subject":"S"}`)
	throttle := func(code int) func(http.ResponseWriter, *http.Request, int) {
		return reply(400, graphError(code, "(#"+strconv.Itoa(code)+") Rate limit", ""))
	}
	tests := []struct {
		name     string
		steps    []func(http.ResponseWriter, *http.Request, int)
		wantReqs int
		wantErr  int // expected HTTP status of the final error, 0 for success
	}{
		{"429 131208 twice then ok", []func(http.ResponseWriter, *http.Request, int){
			reply(429, graphError(CodeGroupRateLimit, "(#131208) Group Rate Limit Hit", "")),
			reply(429, graphError(CodeGroupRateLimit, "(#131208) Group Rate Limit Hit", "")), ok}, 3, 0},
		{"503 then ok", []func(http.ResponseWriter, *http.Request, int){reply(503, ""), ok}, 2, 0},
		{"500 then ok", []func(http.ResponseWriter, *http.Request, int){reply(500, `{"error":{"message":"An unknown error occurred","code":1}}`), ok}, 2, 0},
		{"code 4 on 400", []func(http.ResponseWriter, *http.Request, int){throttle(4), ok}, 2, 0},
		{"code 80007 on 400", []func(http.ResponseWriter, *http.Request, int){throttle(80007), ok}, 2, 0},
		{"code 130429 on 400", []func(http.ResponseWriter, *http.Request, int){throttle(130429), ok}, 2, 0},
		{"code 131048 on 400", []func(http.ResponseWriter, *http.Request, int){throttle(131048), ok}, 2, 0},
		{"code 131056 on 400", []func(http.ResponseWriter, *http.Request, int){throttle(131056), ok}, 2, 0},
		{"code 131208 on 400", []func(http.ResponseWriter, *http.Request, int){throttle(131208), ok}, 2, 0},
		{"transient graph error", []func(http.ResponseWriter, *http.Request, int){
			reply(400, `{"error":{"message":"try again","code":100,"is_transient":true}}`), ok}, 2, 0},
		{"lost response", []func(http.ResponseWriter, *http.Request, int){hangUp, ok}, 2, 0},
		{"always 503: bounded by MaxAttempts", []func(http.ResponseWriter, *http.Request, int){reply(503, "")}, 4, 503},
		{"always 429: bounded by MaxAttempts", []func(http.ResponseWriter, *http.Request, int){reply(429, "")}, 4, 429},
		{"400 is final", []func(http.ResponseWriter, *http.Request, int){reply(400, graphError(100, "(#100) Invalid parameter", "")), ok}, 1, 400},
		{"401 is final", []func(http.ResponseWriter, *http.Request, int){reply(401, `{"meta":{"developer_message":"Invalid api_key"}}`), ok}, 1, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, sequence(tt.steps...))
			c := newTestClient(t, f)
			g, err := c.GetGroup(bg(t), "G1", FieldSubject)
			if n := len(f.requests()); n != tt.wantReqs {
				t.Errorf("%d requests, want %d", n, tt.wantReqs)
			}
			for _, r := range f.requests() {
				assertRequest(t, r, http.MethodGet, "/groups/G1", map[string][]string{"fields": {"subject"}})
			}
			if tt.wantErr == 0 {
				if err != nil || g.Subject != "S" {
					t.Fatalf("got %+v, %v", g, err)
				}
				return
			}
			if ae := apiErr(t, err); ae.HTTPStatus != tt.wantErr {
				t.Errorf("status %d, want %d", ae.HTTPStatus, tt.wantErr)
			}
			if IsAmbiguous(err) {
				t.Error("a GET is never ambiguous")
			}
		})
	}
}

// TestRetryAfterHonoured: a Retry-After longer than the context allows ends
// the call at once with the throttling error, although the backoff alone
// (at most 5ms) would have retried.
func TestRetryAfterHonoured(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "30")
		write(w, 429, graphError(CodeGroupRateLimit, "(#131208) Group Rate Limit Hit", ""))
	})
	c := newTestClient(t, f)
	start := time.Now()
	_, err := c.GetGroup(ctxTimeout(t, 2*time.Second), "G1")
	if el := time.Since(start); el > time.Second {
		t.Errorf("took %v", el)
	}
	if !HasCode(err, CodeGroupRateLimit) || !IsRateLimited(err) {
		t.Fatalf("err = %v", err)
	}
	var ra *retryAfterError
	if errors.As(err, &ra) {
		t.Error("the internal retryAfterError leaked to the caller")
	}
	f.only()
}

// TestRetryAfterWaited: Retry-After "1" makes the client wait about a second.
func TestRetryAfterWaited(t *testing.T) {
	f := newFakeAPI(t, sequence(func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "1")
		write(w, 429, "")
	}, reply(200, `{"id":"G1"}`)))
	var mu sync.Mutex
	var waits []int64
	c := newTestClient(t, f, func(cfg *Config) {
		cfg.Log = func(_ context.Context, msg string, fields map[string]any) {
			if msg == "retrying API request" {
				mu.Lock()
				waits = append(waits, fields["wait_ms"].(int64))
				mu.Unlock()
			}
		}
	})
	start := time.Now()
	if _, err := c.GetGroup(bg(t), "G1"); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 900*time.Millisecond {
		t.Errorf("retried after %v, want about 1s", el)
	}
	if len(waits) != 1 || waits[0] != 1000 {
		t.Errorf("logged waits %v, want [1000]", waits)
	}
}

func TestContextCancelStopsWaiting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		write(w, 503, "")
		time.AfterFunc(50*time.Millisecond, cancel)
	})
	c := newTestClient(t, f, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 4, MinBackoff: time.Minute, MaxBackoff: time.Minute}
	})
	start := time.Now()
	_, err := c.GetGroup(ctx, "G1")
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("took %v", el)
	}
	if ae := apiErr(t, err); ae.HTTPStatus != 503 {
		t.Errorf("want the last API error, got %v", err)
	}
	f.only()
}

func TestDeadlineShorterThanBackoff(t *testing.T) {
	f := newFakeAPI(t, reply(503, ""))
	c := newTestClient(t, f, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 4, MinBackoff: 10 * time.Second, MaxBackoff: 10 * time.Second}
	})
	start := time.Now()
	_, err := c.GetGroup(ctxTimeout(t, 3*time.Second), "G1")
	if el := time.Since(start); el > time.Second {
		t.Errorf("took %v, want an immediate return", el)
	}
	if ae := apiErr(t, err); ae.HTTPStatus != 503 {
		t.Errorf("err = %v", err)
	}
	f.only()
}

func TestDeadlineDuringRequest(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	slow := func(w http.ResponseWriter, r *http.Request, _ int) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
	t.Run("GET", func(t *testing.T) {
		f := newFakeAPI(t, slow)
		c := newTestClient(t, f)
		_, err := c.GetGroup(ctxTimeout(t, 100*time.Millisecond), "G1")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want a deadline error", err)
		}
		mustContain(t, err.Error(), "get group")
		f.only()
	})
	t.Run("create is ambiguous", func(t *testing.T) {
		f := newFakeAPI(t, slow)
		c := newTestClient(t, f)
		_, err := c.CreateGroup(ctxTimeout(t, 100*time.Millisecond), CreateGroupInput{Subject: "S"})
		if !IsAmbiguous(err) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want an AmbiguousError wrapping the deadline", err)
		}
		f.only()
	})
	t.Run("request timeout: GET retried, create ambiguous", func(t *testing.T) {
		f := newFakeAPI(t, slow)
		c := newTestClient(t, f, func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond })
		if _, err := c.GetGroup(bg(t), "G1"); err == nil || IsAmbiguous(err) {
			t.Fatalf("GET err = %v", err)
		}
		if n := len(f.requests()); n != testRetry.MaxAttempts {
			t.Errorf("GET: %d requests, want %d", n, testRetry.MaxAttempts)
		}
		f2 := newFakeAPI(t, slow)
		c2 := newTestClient(t, f2, func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond })
		if _, err := c2.CreateGroup(bg(t), CreateGroupInput{Subject: "S"}); !IsAmbiguous(err) {
			t.Fatalf("create err = %v, want AmbiguousError", err)
		}
		f2.only()
	})
}

func TestCreateGroupNonIdempotentSafety(t *testing.T) {
	in := CreateGroupInput{Subject: "S", Description: "D", JoinApprovalMode: JoinApprovalAuto}
	body := `{"messaging_product":"whatsapp","subject":"S","description":"D","join_approval_mode":"auto_approve"}`
	okResp := reply(200, `{"messaging_product":"whatsapp","request_id":"R1"}`)
	for _, status := range []int{500, 503} {
		t.Run("answered "+strconv.Itoa(status)+" once", func(t *testing.T) {
			f := newFakeAPI(t, sequence(reply(status, `{"error":{"message":"An unknown error occurred","code":1}}`), okResp))
			c := newTestClient(t, f)
			_, err := c.CreateGroup(bg(t), in)
			var amb *AmbiguousError
			if !errors.As(err, &amb) {
				t.Fatalf("err = %v (%T), want *AmbiguousError", err, err)
			}
			if amb.Operation != "create group" {
				t.Errorf("operation = %q", amb.Operation)
			}
			if ae := apiErr(t, err); ae.HTTPStatus != status {
				t.Errorf("wrapped status = %d", ae.HTTPStatus)
			}
			mustContain(t, err.Error(), "outcome of create group is unknown", "HTTP "+strconv.Itoa(status))
			req := f.only()
			assertRequest(t, req, http.MethodPost, "/groups", nil)
			assertJSONBody(t, req, body)
		})
	}
	t.Run("lost response", func(t *testing.T) {
		f := newFakeAPI(t, sequence(hangUp, okResp))
		c := newTestClient(t, f)
		_, err := c.CreateGroup(bg(t), in)
		if !IsAmbiguous(err) {
			t.Fatalf("err = %v, want AmbiguousError", err)
		}
		assertJSONBody(t, f.only(), body)
	})
	t.Run("429 then 200 is retried", func(t *testing.T) {
		f := newFakeAPI(t, sequence(reply(429, graphError(CodeGroupRateLimit, "(#131208) Group Rate Limit Hit", "")), okResp))
		c := newTestClient(t, f)
		got, err := c.CreateGroup(bg(t), in)
		if err != nil || got.RequestID != "R1" {
			t.Fatalf("got %+v, %v", got, err)
		}
		reqs := f.requests()
		if len(reqs) != 2 {
			t.Fatalf("%d POSTs, want 2", len(reqs))
		}
		for _, r := range reqs {
			assertRequest(t, r, http.MethodPost, "/groups", nil)
			assertJSONBody(t, r, body)
		}
	})
	t.Run("throttling code on HTTP 400 is retried", func(t *testing.T) {
		f := newFakeAPI(t, sequence(reply(400, graphError(80007, "(#80007) Rate limit issues", "")), okResp))
		c := newTestClient(t, f)
		if _, err := c.CreateGroup(bg(t), in); err != nil {
			t.Fatal(err)
		}
		if n := len(f.requests()); n != 2 {
			t.Errorf("%d POSTs, want 2", n)
		}
	})
	t.Run("always throttled: bounded and not ambiguous", func(t *testing.T) {
		f := newFakeAPI(t, reply(429, ""))
		c := newTestClient(t, f)
		_, err := c.CreateGroup(bg(t), in)
		if !IsRateLimited(err) || IsAmbiguous(err) {
			t.Fatalf("err = %v", err)
		}
		if n := len(f.requests()); n != testRetry.MaxAttempts {
			t.Errorf("%d POSTs, want %d", n, testRetry.MaxAttempts)
		}
	})
	t.Run("connection refused is retried briefly and not ambiguous", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		_ = l.Close()
		var mu sync.Mutex
		failures := 0
		c, err := New(Config{BaseURL: "http://" + addr, APIKey: testKey, Retry: testRetry,
			Log: func(_ context.Context, msg string, _ map[string]any) {
				if msg == "API request failed" {
					mu.Lock()
					failures++
					mu.Unlock()
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.CreateGroup(bg(t), in)
		if err == nil || IsAmbiguous(err) {
			t.Fatalf("err = %v, want a plain error", err)
		}
		mustContain(t, err.Error(), "create group")
		mustContain(t, err.Error(), fmt.Sprintf("The connection to http://%s (the provider's base URL) was refused (%d attempts)", addr, maxRefusedAttempts))
		if failures != maxRefusedAttempts {
			t.Errorf("%d attempts, want %d", failures, maxRefusedAttempts)
		}
	})
}

func TestNeverSent(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("refused")}
	read := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("reset")}
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{dial, true},
		{&net.DNSError{Err: "no such host", Name: "x"}, true},
		{read, false},
		{errors.New("EOF"), false},
	} {
		if got := neverSent(tt.err); got != tt.want {
			t.Errorf("neverSent(%v) = %v", tt.err, got)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := New(Config{APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != DefaultBaseURL {
		t.Errorf("base URL = %q", c.BaseURL())
	}
	if c.retry != DefaultRetryPolicy {
		t.Errorf("retry = %+v", c.retry)
	}
	if c.http.Timeout != 60*time.Second {
		t.Errorf("timeout = %v", c.http.Timeout)
	}
	if _, err := New(Config{}); err == nil || !strings.Contains(err.Error(), "API key is required") {
		t.Errorf("New without key: %v", err)
	}
	if _, err := New(Config{APIKey: "k", BaseURL: "http://example.com"}); err == nil {
		t.Error("New accepted a plain-http remote base URL")
	}
}

// customBackend checks that a Backend other than 360dialog is used as is.
type customBackend struct{ d360Backend }

func (customBackend) Name() string               { return "custom" }
func (customBackend) Authorize(h http.Header)    { h.Set("Authorization", "Bearer tok") }
func (customBackend) Secrets() []string          { return []string{"tok"} }
func (customBackend) GroupPath(id string) string { return "/v23.0/" + id }

func TestCustomBackend(t *testing.T) {
	f := newFakeAPI(t, reply(200, `{"id":"G1"}`))
	c, err := New(Config{BaseURL: f.srv.URL, Backend: customBackend{}, Retry: testRetry})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetGroup(bg(t), "G1"); err != nil {
		t.Fatal(err)
	}
	req := f.only()
	if req.Path != "/v23.0/G1" || req.Header.Get("Authorization") != "Bearer tok" || req.Header.Get(APIKeyHeader) != "" {
		t.Errorf("request = %+v", req)
	}
}

func TestUserAgent(t *testing.T) {
	f := newFakeAPI(t, sequence(reply(503, ""), reply(200, `{"id":"G1","invite_link":"https://chat.whatsapp.com/x"}`)))
	c := newTestClient(t, f, func(cfg *Config) { cfg.UserAgent = "terraform-provider-d360/1.2.3 (+terraform 1.9)" })
	ctx := bg(t)
	if _, err := c.GetGroup(ctx, "G1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateGroup(ctx, CreateGroupInput{Subject: "S"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateGroupPicture(ctx, "G1", "a.jpg", []byte{1}); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests", len(reqs))
	}
	for i, r := range reqs {
		if ua := r.Header.Get("User-Agent"); ua != "terraform-provider-d360/1.2.3 (+terraform 1.9)" {
			t.Errorf("request %d: User-Agent = %q", i, ua)
		}
	}
}
