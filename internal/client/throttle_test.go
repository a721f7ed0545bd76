package client

import (
	"net/http"
	"sync"
	"testing"
	"time"
)

// After one request is throttled, other requests of the same client hold
// back instead of collecting more 429s.
func TestThrottledRequestPausesTheWholeClient(t *testing.T) {
	var mu sync.Mutex
	var arrivals []time.Time
	throttledAt := make(chan time.Time, 1)
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		now := time.Now()
		mu.Lock()
		arrivals = append(arrivals, now)
		mu.Unlock()
		if n == 0 {
			throttledAt <- now
			write(w, http.StatusTooManyRequests, graphError(131208, "(#131208) Group Rate Limit Hit", "slow down"))
			return
		}
		write(w, http.StatusOK, `{"data":{"groups":[]},"paging":{}}`)
	})
	const pause = 150 * time.Millisecond
	c := newTestClient(t, f, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 4, MinBackoff: 2 * pause, MaxBackoff: 2 * pause}
	})

	done := make(chan error, 2)
	go func() { _, err := c.ListGroupsPage(bg(t), 10, ""); done <- err }()
	t0 := <-throttledAt
	time.Sleep(10 * time.Millisecond)
	go func() { _, err := c.ListGroupsPage(bg(t), 10, ""); done <- err }()
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(arrivals) != 3 {
		t.Fatalf("server saw %d requests, want 3 (one throttled, one retry, one held back)", len(arrivals))
	}
	for _, at := range arrivals[1:] {
		// Backoff has full jitter over [wait/2, wait]: at least `pause`.
		if gap := at.Sub(t0); gap < pause {
			t.Fatalf("a request reached the server %v after the 429, want at least %v", gap, pause)
		}
	}
}
