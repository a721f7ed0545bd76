package emulator

import (
	"maps"
	"sync"
)

// counters counts public API calls per route name, exactly, under its own
// lock so counting never waits for the store.
type counters struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counters) add(route string) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[route]++
	c.mu.Unlock()
}

// Calls returns how many public API calls hit route (a route name such as
// "groups.create", or "unauthorized" / "unknown").
func (e *Emulator) Calls(route string) int {
	e.calls.mu.Lock()
	defer e.calls.mu.Unlock()
	return e.calls.n[route]
}

// TotalCalls counts every public API call, including unauthorized and
// unknown ones; admin calls are never counted.
func (e *Emulator) TotalCalls() int {
	e.calls.mu.Lock()
	defer e.calls.mu.Unlock()
	total := 0
	for _, n := range e.calls.n {
		total += n
	}
	return total
}

// CallCounts returns a copy of the per-route counters.
func (e *Emulator) CallCounts() map[string]int {
	e.calls.mu.Lock()
	defer e.calls.mu.Unlock()
	out := maps.Clone(e.calls.n)
	if out == nil {
		out = map[string]int{}
	}
	return out
}

// ResetCounters zeroes the call counters (fault and rate-limit tallies too).
func (e *Emulator) ResetCounters() {
	e.calls.mu.Lock()
	e.calls.n = nil
	e.calls.mu.Unlock()
	e.authHeaders.apiKey.Store(0)
	e.authHeaders.bearer.Store(0)
	e.faults.resetInjected()
	e.limiter.resetCount()
}
