package client

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"
)

// After a throttled answer, requests of the whole client are spaced out
// instead of rushing back together.
func TestThrottlePacesRequestsAfterA429(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	th := throttle{now: func() time.Time { return now }}
	th.throttled(now)
	th.throttled(now) // a second, later 429: the spacing doubles
	if th.interval != 2*throttleFloor {
		t.Fatalf("interval %v after two sequential 429s, want %v", th.interval, 2*throttleFloor)
	}
	// Paced starts on the wall clock: a slow machine only spaces them more.
	th.now, th.last, th.increased = nil, time.Now(), time.Now()
	var starts []time.Time
	for range 5 {
		if err := th.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, time.Now())
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < th.interval*9/10 {
			t.Fatalf("requests %d and %d started %v apart, want at least %v", i-1, i, gap, th.interval)
		}
	}
}

// A burst of 429s to requests sent together doubles the spacing once.
func TestThrottleCountsABurstOf429sOnce(t *testing.T) {
	var th throttle
	sent := time.Now()
	time.Sleep(time.Millisecond)
	for range 8 {
		th.throttled(sent)
	}
	if th.interval != throttleFloor {
		t.Fatalf("interval %v after one burst, want %v", th.interval, throttleFloor)
	}
}

// Without new 429s the spacing halves every half-life until pacing stops.
func TestThrottleRecoversOverTime(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	th := throttle{now: func() time.Time { return now }}
	th.throttled(now)
	if got := th.current(now.Add(4 * throttleHalfLife)); got != 0 {
		t.Fatalf("spacing %v four half-lives after a 10ms spacing was set, want pacing off", got)
	}
	th.interval = 800 * time.Millisecond
	if got := th.current(now.Add(throttleHalfLife)); got != 400*time.Millisecond {
		t.Fatalf("spacing %v one half-life after 800ms, want 400ms", got)
	}
}

// End to end: a 429 makes a request that starts afterwards wait its turn.
func TestThrottledClientHoldsBackOtherRequests(t *testing.T) {
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
	c := newTestClient(t, f, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 4, MinBackoff: 100 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}
	})
	done := make(chan error, 3)
	go func() { _, err := c.ListGroupsPage(bg(t), 10, ""); done <- err }()
	t0 := <-throttledAt
	time.Sleep(2 * time.Millisecond)
	for range 2 {
		go func() { _, err := c.ListGroupsPage(bg(t), 10, ""); done <- err }()
	}
	for range 3 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(arrivals) != 4 {
		t.Fatalf("server saw %d requests, want 4", len(arrivals))
	}
	// The two later requests are paced: the second of them starts at least
	// one spacing after the first.
	later := arrivals[1:]
	for _, at := range later {
		if at.Sub(t0) < throttleFloor-time.Millisecond {
			t.Fatalf("a request reached the server %v after the 429, want at least %v", at.Sub(t0), throttleFloor)
		}
	}
}
