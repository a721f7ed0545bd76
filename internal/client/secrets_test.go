package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// Every answer below repeats the API key back, the way a careless proxy or
// an "Invalid api_key <key>" message might.
var echoingAnswers = []struct {
	name   string
	status int
	body   string
}{
	{"graph message and details", 401, `{"error":{"message":"(#190) Invalid key sk-test-SECRET","type":"OAuthException","code":190,
		"error_data":{"details":"key sk-test-SECRET was rejected"},"fbtrace_id":"sk-test-SECRET"}}`},
	{"graph user title and message", 400, `{"error":{"message":"Invalid parameter","code":100,"type":"sk-test-SECRET",
		"error_user_title":"Bad key sk-test-SECRET","error_user_msg":"Use another key than sk-test-SECRET"}}`},
	{"meta developer_message", 401, `{"meta":{"success":false,"http_code":401,"developer_message":"Invalid api_key sk-test-SECRET","360dialog_trace_id":"T"}}`},
	{"meta embedded graph error", 400, `{"meta":{"success":false,"developer_message":"Invalid payload ({\"error\":{\"message\":\"(#100) key sk-test-SECRET\",\"code\":100}})"}}`},
	{"error text", 403, `{"error":"blocked key sk-test-SECRET"}`},
	{"message text", 403, `{"message":"blocked key sk-test-SECRET"}`},
	{"non-JSON", 502, `upstream rejected D360-API-KEY: sk-test-SECRET`},
	{"server error on create", 500, `{"error":{"message":"failure for sk-test-SECRET","code":1}}`},
	{"undecodable success", 200, `{"id":{"echo":"sk-test-SECRET"},"request_id":["sk-test-SECRET"]}`},
}

func TestKeyNeverInErrors(t *testing.T) {
	for _, tt := range echoingAnswers {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(tt.status, tt.body))
			c := newTestClient(t, f)
			ctx := bg(t)
			errs := map[string]error{}
			_, errs["create"] = c.CreateGroup(ctx, CreateGroupInput{Subject: "S"})
			_, errs["get"] = c.GetGroup(ctx, "G1", FieldSubject)
			_, errs["remove"] = c.RemoveParticipants(ctx, "G1", []string{"1"})
			_, errs["templates"] = c.CreateTemplate(ctx, CreateTemplateInput{Name: "t", Language: "en", Category: CategoryUtility})
			for op, err := range errs {
				if err == nil {
					t.Errorf("%s: no error", op)
					continue
				}
				if strings.Contains(err.Error(), testKey) {
					t.Errorf("%s: error text leaks the key: %s", op, err)
				}
				var ae *APIError
				if errors.As(err, &ae) {
					if s := fmt.Sprintf("%+v", *ae); strings.Contains(s, testKey) {
						t.Errorf("%s: APIError fields leak the key: %s", op, s)
					}
				}
			}
			for i, r := range f.requests() {
				if r.Header.Get(APIKeyHeader) != testKey {
					t.Errorf("request %d did not carry the key", i)
				}
			}
		})
	}
}

// TestKeyNeverLogged drives many calls (successes, retries, failures of every
// kind) and checks that no log line or field ever holds the key.
func TestKeyNeverLogged(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	logf := func(_ context.Context, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf("%s %v", msg, fields))
	}
	var steps []func(http.ResponseWriter, *http.Request, int)
	for _, a := range echoingAnswers {
		steps = append(steps, reply(a.status, a.body))
	}
	steps = append(steps,
		func(w http.ResponseWriter, _ *http.Request, _ int) {
			w.Header().Set("Retry-After", "0")
			write(w, 429, `{"error":{"message":"slow down sk-test-SECRET","code":131208}}`)
		},
		hangUp,
		reply(503, "sk-test-SECRET"),
		reply(200, `{"id":"G1","request_id":"R","invite_link":"https://chat.whatsapp.com/x"}`),
	)
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, n int) {
		steps[n%len(steps)](w, r, n)
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.Log = logf })
	ctx := bg(t)
	var errs []error
	for range 3 {
		_, err := c.CreateGroup(ctx, CreateGroupInput{Subject: "S"})
		errs = append(errs, err)
		_, err = c.GetGroup(ctx, "G1")
		errs = append(errs, err)
		_, err = c.ResetInviteLink(ctx, "G1")
		errs = append(errs, err)
		_, err = c.ListGroups(ctx)
		errs = append(errs, err)
		_, err = c.ApproveJoinRequests(ctx, "G1", []string{"J"})
		errs = append(errs, err)
		errs = append(errs, c.DeleteTemplate(ctx, "t"))
		// The answers include a 401, after which the client would send
		// nothing more (see TestKeyRefusedOncePerRun): forget it, to keep
		// exercising every path.
		c.key.refused.Store(nil)
	}
	// And a transport failure: nothing listening.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	dead, err := New(Config{BaseURL: "http://" + addr, APIKey: testKey, Retry: testRetry, Log: logf})
	if err != nil {
		t.Fatal(err)
	}
	_, err = dead.GetGroup(ctx, "G1")
	errs = append(errs, err)

	mu.Lock()
	defer mu.Unlock()
	var sawRetry, sawStatus, sawFailure bool
	for _, l := range lines {
		if strings.Contains(l, testKey) || strings.Contains(l, "SECRET") {
			t.Errorf("log line leaks the key: %s", l)
		}
		sawRetry = sawRetry || strings.HasPrefix(l, "retrying API request")
		sawStatus = sawStatus || strings.Contains(l, "status:429")
		sawFailure = sawFailure || strings.HasPrefix(l, "API request failed")
	}
	if !sawRetry || !sawStatus || !sawFailure || len(lines) < 20 {
		t.Errorf("the test did not exercise enough paths (%d lines, retry %v, 429 %v, failure %v)", len(lines), sawRetry, sawStatus, sawFailure)
	}
	failures := 0
	for _, e := range errs {
		if e != nil {
			failures++
			if strings.Contains(e.Error(), testKey) {
				t.Errorf("error leaks the key: %v", e)
			}
		}
	}
	if failures == 0 {
		t.Error("no call failed")
	}
	for i, r := range f.requests() {
		if r.Header.Get(APIKeyHeader) != testKey {
			t.Errorf("request %d did not carry the key", i)
		}
	}
}

func TestRedirects(t *testing.T) {
	t.Run("to another host is refused", func(t *testing.T) {
		other := newFakeAPI(t, reply(200, `{"id":"G1"}`))
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			http.Redirect(w, r, other.srv.URL+r.URL.Path, http.StatusFound)
		})
		c := newTestClient(t, f)
		_, err := c.GetGroup(bg(t), "G1")
		if err == nil {
			t.Fatal("redirect to another host was followed")
		}
		mustContain(t, err.Error(), "get group", "refusing to follow a redirect")
		if n := len(other.requests()); n != 0 {
			t.Errorf("the other host received %d requests", n)
		}
		if n := len(f.requests()); n != 1 {
			t.Errorf("%d requests, want 1 (a refused redirect is final)", n)
		}
		if strings.Contains(err.Error(), testKey) {
			t.Error("error leaks the key")
		}
	})
	t.Run("same host is followed with the key", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if r.URL.Path == "/groups/OLD" {
				http.Redirect(w, r, "/groups/NEW?fields=subject", http.StatusFound)
				return
			}
			write(w, 200, `{"id":"NEW","subject":"moved"}`)
		})
		c := newTestClient(t, f)
		g, err := c.GetGroup(bg(t), "OLD", FieldSubject)
		if err != nil || g.ID != "NEW" || g.Subject != "moved" {
			t.Fatalf("got %+v, %v", g, err)
		}
		reqs := f.requests()
		if len(reqs) != 2 || reqs[1].Path != "/groups/NEW" {
			t.Fatalf("requests = %+v", reqs)
		}
		for _, r := range reqs {
			if r.Header.Get(APIKeyHeader) != testKey {
				t.Errorf("%s lacked the key", r.Path)
			}
		}
	})
	t.Run("same host 307 keeps the POST body", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 0 {
				http.Redirect(w, r, "/groups2", http.StatusTemporaryRedirect)
				return
			}
			write(w, 200, `{"request_id":"R"}`)
		})
		c := newTestClient(t, f)
		if _, err := c.CreateGroup(bg(t), CreateGroupInput{Subject: "S"}); err != nil {
			t.Fatal(err)
		}
		reqs := f.requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests", len(reqs))
		}
		assertRequest(t, reqs[1], http.MethodPost, "/groups2", nil)
		assertJSONBody(t, reqs[1], `{"messaging_product":"whatsapp","subject":"S"}`)
	})
	t.Run("redirect loop stops", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, n int) {
			http.Redirect(w, r, fmt.Sprintf("/groups/G%d", n+1), http.StatusFound)
		})
		c := newTestClient(t, f, func(cfg *Config) { cfg.Retry = RetryPolicy{MaxAttempts: 1} })
		_, err := c.GetGroup(bg(t), "G0")
		if err == nil {
			t.Fatal("want an error")
		}
		mustContain(t, err.Error(), "stopped after 3 redirects")
	})
}

// TestKeyNeverInBatchErrors: per-item errors of a partial answer are shown to
// users too.
func TestKeyNeverInBatchErrors(t *testing.T) {
	item := `{"code":131212,"message":"(#131212) key sk-test-SECRET","title":"t sk-test-SECRET","error_data":{"details":"d sk-test-SECRET"}}`
	f := newFakeAPI(t, reply(206, `{"failed_join_requests":[{"join_request_id":"J","errors":[`+item+`]}],
		"failed_participants":[{"input":"1","errors":[`+item+`]}],"errors":[`+item+`]}`))
	c := newTestClient(t, f)
	jr, err := c.ApproveJoinRequests(bg(t), "G1", []string{"J"})
	if err != nil {
		t.Fatal(err)
	}
	rp, err := c.RemoveParticipants(bg(t), "G1", []string{"1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{jr, rp} {
		if s := fmt.Sprintf("%+v", v); strings.Contains(s, testKey) {
			t.Errorf("result leaks the key: %s", s)
		}
	}
	if len(jr.Failed) != 1 || jr.Failed[0].Errors[0].Title != "t [REDACTED]" || rp.Errors[0].Details != "d [REDACTED]" {
		t.Errorf("unexpected results %+v / %+v", jr, rp)
	}
}
