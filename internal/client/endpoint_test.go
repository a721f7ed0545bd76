package client

import (
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Once the API refused the key, later requests of the run fail at once with
// a short error and are never sent.
func TestKeyRefusedOncePerRun(t *testing.T) {
	f := newFakeAPI(t, reply(401, `{"error":{"message":"Invalid api key","code":0}}`))
	c := newTestClient(t, f)
	_, first := c.GetGroup(bg(t), "G1")
	if first == nil || IsKeyRefused(first) || !strings.Contains(first.Error(), "HTTP 401") {
		t.Fatalf("first error %v", first)
	}
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.ListGroups(bg(t))
			if !IsKeyRefused(err) || !strings.Contains(err.Error(), "list groups: not sent: the API refused the API key earlier in this run") {
				t.Errorf("later error %v", err)
			}
		}()
	}
	wg.Wait()
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests sent, want 1", n)
	}
}

// A refused connection ends within seconds with the production retry
// policy, naming the base URL, where it came from and the attempts.
func TestConnectionRefusedFailsFast(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	c, err := New(Config{BaseURL: "http://" + addr, BaseURLSource: "D360_BASE_URL", APIKey: testKey, Retry: DefaultRetryPolicy})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	// Parallel requests do not queue behind each other's attempts.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = c.ListGroups(bg(t))
		}()
	}
	_, err = c.GetGroup(bg(t), "G1")
	wg.Wait()
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %s, want a few seconds at most", took)
	}
	if err == nil {
		t.Fatal("no error")
	}
	mustContain(t, err.Error(), "get group", "connection refused",
		"The connection to http://"+addr+" (from D360_BASE_URL) was refused (3 attempts)", "make emulator")
}

// A base URL whose path is wrong gets a 404 for a route: the error names the
// base URL and its source and says the base URL has no path.
func TestWrongBasePathIsExplained(t *testing.T) {
	f := newFakeAPI(t, reply(404, `{"error":{"message":"Unknown path components: /api/groups","type":"OAuthException","code":100}}`))
	c := newTestClient(t, f, func(cfg *Config) { cfg.BaseURL += "/api"; cfg.BaseURLSource = "base_url" })
	_, err := c.ListGroups(bg(t))
	if err == nil || IsNotFound(err) {
		t.Fatalf("err %v", err)
	}
	mustContain(t, err.Error(), f.srv.URL+"/api (from base_url) does not know the route", "360dialog's base URL has no path")

	// A group that does not exist is not a route problem.
	g := newFakeAPI(t, reply(400, `{"error":{"message":"Group unknown","code":131041}}`))
	_, err = newTestClient(t, g).GetGroup(bg(t), "G1")
	if !IsNotFound(err) || strings.Contains(err.Error(), "base URL") {
		t.Errorf("unknown group: %v", err)
	}
}
