package client

import (
	"context"
	"sync"
	"time"
)

// throttle holds back every request of a client once one of them was
// throttled. The API's limits are per phone number, so when one resource is
// told to slow down, the other resources of the same apply would only collect
// more 429s by carrying on.
type throttle struct {
	mu    sync.Mutex
	until time.Time
}

// pause asks every request to wait at least d from now.
func (t *throttle) pause(d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if u := time.Now().Add(d); u.After(t.until) {
		t.until = u
	}
}

// wait blocks while a pause is in force.
func (t *throttle) wait(ctx context.Context) error {
	for {
		t.mu.Lock()
		d := time.Until(t.until)
		t.mu.Unlock()
		if d <= 0 {
			return nil
		}
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}
