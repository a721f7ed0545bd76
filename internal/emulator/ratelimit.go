package emulator

import (
	"sync"
	"time"
)

// rateLimiter is a token bucket across the whole public API, standing in for
// the undisclosed group-operation limit behind 131208 (CONTRACT §7.3).
type rateLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second; 0 disables
	burst   float64
	tokens  float64
	last    time.Time
	limited int
}

// SetRateLimit lets perSecond calls through on average with bursts of burst
// (at least 1); calls over the limit answer HTTP 429 code 131208.
// perSecond <= 0 disables the limit.
func (e *Emulator) SetRateLimit(perSecond float64, burst int) {
	l := &e.limiter
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rate = max(perSecond, 0)
	l.burst = float64(max(burst, 1))
	l.tokens = l.burst
	l.last = time.Time{}
}

// RateLimited returns how many calls the rate limiter refused.
func (e *Emulator) RateLimited() int {
	e.limiter.mu.Lock()
	defer e.limiter.mu.Unlock()
	return e.limiter.limited
}

func (l *rateLimiter) allow(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rate <= 0 {
		return true
	}
	if !l.last.IsZero() && now.After(l.last) {
		l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	}
	if l.last.IsZero() || now.After(l.last) {
		l.last = now
	}
	if l.tokens < 1 {
		l.limited++
		return false
	}
	l.tokens--
	return true
}

func (l *rateLimiter) resetCount() {
	l.mu.Lock()
	l.limited = 0
	l.mu.Unlock()
}
