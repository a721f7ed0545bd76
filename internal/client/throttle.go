package client

import (
	"context"
	"math"
	"sync"
	"time"
)

// throttle paces the requests of one client once the API has said "slow
// down". The API's limits are per phone number, so when one resource is
// throttled the others of the same apply would only collect more 429s by
// carrying on. Each throttled answer doubles the spacing between request
// starts; the spacing halves every throttleHalfLife without a new 429, so a
// busy apply settles just under the API's rate and recovers once the
// pressure is gone.
type throttle struct {
	mu        sync.Mutex
	interval  time.Duration // spacing set at the last increase; 0 = no pacing
	increased time.Time     // when interval was last raised
	last      time.Time     // start of the latest paced request
	// now is the clock (nil: the wall clock); tests fix it to assert on
	// spacings without depending on the machine's speed.
	now func() time.Time
}

func (t *throttle) clock() time.Time {
	if t.now != nil {
		return t.now()
	}
	return time.Now()
}

const (
	throttleFloor    = 10 * time.Millisecond // first spacing after a 429
	throttleCeiling  = 2 * time.Second
	throttleHalfLife = time.Second
	// throttleRecheck bounds one sleep of a waiting request, so a spacing
	// that decays while it waits takes effect at once.
	throttleRecheck = 50 * time.Millisecond
)

// current is the spacing in force at now.
func (t *throttle) current(now time.Time) time.Duration {
	if t.interval == 0 {
		return 0
	}
	decay := math.Pow(0.5, now.Sub(t.increased).Seconds()/throttleHalfLife.Seconds())
	d := time.Duration(float64(t.interval) * decay)
	if d < time.Millisecond {
		return 0
	}
	return d
}

// throttled records a throttled answer to a request sent at sent. Answers to
// requests sent before the last increase say nothing new (they went out at
// the old pace), so a burst of simultaneous 429s doubles the spacing once,
// not once each. The throttled request itself waits its own back-off.
func (t *throttle) throttled(sent time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if sent.Before(t.increased) {
		return
	}
	now := t.clock()
	t.interval = min(max(2*t.current(now), throttleFloor), throttleCeiling)
	t.increased = now
	t.last = now
}

// wait blocks until one spacing has passed since the latest request start.
// Slots are not reserved ahead: a waiting request re-reads the (decaying)
// spacing, so a queue never outlives the pressure that built it.
func (t *throttle) wait(ctx context.Context) error {
	for {
		t.mu.Lock()
		now := t.clock()
		earliest := t.last.Add(t.current(now))
		if !earliest.After(now) {
			t.last = now
			t.mu.Unlock()
			return nil
		}
		t.mu.Unlock()
		timer := time.NewTimer(min(earliest.Sub(now), throttleRecheck))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}
