package emulator

import (
	"maps"
	"math/rand/v2"
	"sync"
	"time"
)

// FaultKind is a kind of injected failure.
type FaultKind string

const (
	FaultLatency     FaultKind = "latency"      // delay the call by FaultRule.Latency, then serve it
	Fault500         FaultKind = "500"          // HTTP 500, code 1
	Fault503         FaultKind = "503"          // HTTP 503, code 2
	Fault429         FaultKind = "429"          // HTTP 429, code 131208
	FaultResetBefore FaultKind = "reset_before" // connection dropped before the operation: nothing happens
	FaultLostAfter   FaultKind = "lost_after"   // operation done, then connection dropped: the answer is lost
)

// FaultRule injects Kind into calls of Route ("" = every route). With
// Count > 0 it hits the next Count matching calls, then expires; otherwise
// each matching call is hit with Probability (drawn from a generator seeded
// with Seed when Seed != 0, for reproducible runs). Count == 0 with
// Probability <= 0 hits every matching call.
type FaultRule struct {
	Kind        FaultKind
	Route       string
	Probability float64
	Count       int
	Latency     time.Duration
	Seed        int64
}

type activeFault struct {
	rule      FaultRule
	remaining int
	rng       *rand.Rand
}

type faultSet struct {
	mu       sync.Mutex
	rules    []*activeFault
	injected map[FaultKind]int
}

// pickedFault is what to do to one call: an added latency and at most one
// failure kind ("" = serve normally).
type pickedFault struct {
	latency time.Duration
	kind    FaultKind
}

// AddFault installs a rule; rules apply in the order they were added.
func (e *Emulator) AddFault(r FaultRule) {
	seed := uint64(r.Seed)
	if r.Seed == 0 {
		seed = rand.Uint64()
	}
	f := &activeFault{rule: r, remaining: r.Count, rng: rand.New(rand.NewPCG(seed, 0x360d))}
	e.faults.mu.Lock()
	e.faults.rules = append(e.faults.rules, f)
	e.faults.mu.Unlock()
}

// ClearFaults removes every rule (the injected tallies stay).
func (e *Emulator) ClearFaults() {
	e.faults.mu.Lock()
	e.faults.rules = nil
	e.faults.mu.Unlock()
}

// FaultsInjected returns how many times each kind was injected.
func (e *Emulator) FaultsInjected() map[FaultKind]int {
	e.faults.mu.Lock()
	defer e.faults.mu.Unlock()
	out := maps.Clone(e.faults.injected)
	if out == nil {
		out = map[FaultKind]int{}
	}
	return out
}

// pick decides the faults of one call to route: every matching latency rule
// adds its latency; the first matching failure rule wins and later failure
// rules are not consumed.
func (f *faultSet) pick(route string) pickedFault {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out pickedFault
	kept := f.rules[:0]
	for _, a := range f.rules {
		failure := a.rule.Kind != FaultLatency
		if (a.rule.Route == "" || a.rule.Route == route) && (!failure || out.kind == "") && a.fires() {
			if f.injected == nil {
				f.injected = map[FaultKind]int{}
			}
			f.injected[a.rule.Kind]++
			if failure {
				out.kind = a.rule.Kind
			} else {
				out.latency += a.rule.Latency
			}
			if a.rule.Count > 0 {
				a.remaining--
			}
		}
		if a.rule.Count == 0 || a.remaining > 0 {
			kept = append(kept, a)
		}
	}
	clear(f.rules[len(kept):])
	f.rules = kept
	return out
}

func (a *activeFault) fires() bool {
	if a.rule.Count > 0 || a.rule.Probability <= 0 {
		return true
	}
	return a.rng.Float64() < a.rule.Probability
}

func (f *faultSet) resetInjected() {
	f.mu.Lock()
	f.injected = nil
	f.mu.Unlock()
}
