package emulator

import (
	"testing"
	"time"
)

var createBody = map[string]any{"messaging_product": "whatsapp", "subject": "s"}

func TestErrorFaults(t *testing.T) {
	tests := []struct {
		kind         FaultKind
		status, code int
	}{
		{Fault500, 500, 1},
		{Fault503, 503, 2},
		{Fault429, 429, 131208},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			h := newHarness(t, Options{})
			h.em.AddFault(FaultRule{Kind: tt.kind, Route: "groups.create", Count: 2})
			expectError(t, h.do("POST", "/groups", createBody), tt.status, tt.code)
			expectStatus(t, h.do("GET", "/groups", nil), 200) // other routes untouched
			expectError(t, h.do("POST", "/groups", createBody), tt.status, tt.code)
			if len(h.em.Groups()) != 0 {
				t.Fatal("a failed call created a group")
			}
			expectStatus(t, h.do("POST", "/groups", createBody), 200) // Count exhausted
			if got := h.em.FaultsInjected()[tt.kind]; got != 2 {
				t.Fatalf("injected %d", got)
			}
			if h.em.Calls("groups.create") != 3 {
				t.Fatal("faulted calls not counted")
			}
		})
	}
}

func TestConnectionFaults(t *testing.T) {
	tests := []struct {
		kind       FaultKind
		wantGroups int
	}{
		{FaultResetBefore, 0}, // nothing happened
		{FaultLostAfter, 1},   // done, answer lost
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			h := newHarness(t, Options{})
			h.em.AddFault(FaultRule{Kind: tt.kind, Route: "groups.create", Count: 1})
			_, err := h.send("POST", "/groups", "application/json", []byte(`{"messaging_product":"whatsapp","subject":"s"}`), testKey)
			if err == nil {
				t.Fatal("client got an answer through a dropped connection")
			}
			t.Logf("client error: %v", err)
			if got := len(h.em.Groups()); got != tt.wantGroups {
				t.Fatalf("groups %d, want %d", got, tt.wantGroups)
			}
			if h.em.FaultsInjected()[tt.kind] != 1 {
				t.Fatal("fault not tallied")
			}
			expectStatus(t, h.do("POST", "/groups", createBody), 200)
		})
	}
}

func TestConnectionFaultsOnDelete(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("s", "", "")
	h.em.AddFault(FaultRule{Kind: FaultResetBefore, Route: "groups.delete", Count: 1})
	if _, err := h.send("DELETE", "/groups/"+id, "", nil, testKey); err == nil {
		t.Fatal("no error")
	}
	if _, ok := h.em.Group(id); !ok {
		t.Fatal("reset_before deleted the group")
	}
	h.em.AddFault(FaultRule{Kind: FaultLostAfter, Route: "groups.delete", Count: 1})
	if _, err := h.send("DELETE", "/groups/"+id, "", nil, testKey); err == nil {
		t.Fatal("no error")
	}
	if _, ok := h.em.Group(id); ok {
		t.Fatal("lost_after did not delete the group")
	}
}

func TestProbabilisticFaultsAreSeeded(t *testing.T) {
	pattern := func() []int {
		h := newHarness(t, Options{})
		h.em.AddFault(FaultRule{Kind: Fault500, Probability: 0.5, Seed: 42})
		var out []int
		for range 60 {
			out = append(out, h.do("GET", "/groups", nil).status)
		}
		return out
	}
	a, b := pattern(), pattern()
	fails := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different outcome at call %d", i)
		}
		if a[i] == 500 {
			fails++
		}
	}
	if fails < 10 || fails > 50 {
		t.Fatalf("%d/60 failures at probability 0.5", fails)
	}
}

func TestFaultRuleSelection(t *testing.T) {
	h := newHarness(t, Options{})
	// A rule with neither Count nor Probability hits every matching call.
	h.em.AddFault(FaultRule{Kind: Fault503, Route: "groups.list"})
	// The first failure rule wins; the second is not consumed.
	h.em.AddFault(FaultRule{Kind: Fault500, Route: "groups.list", Count: 1})
	for range 3 {
		expectError(t, h.do("GET", "/groups", nil), 503, 2)
	}
	h.em.ClearFaults()
	expectStatus(t, h.do("GET", "/groups", nil), 200)
	if got := h.em.FaultsInjected(); got[Fault503] != 3 || got[Fault500] != 0 {
		t.Fatalf("injected %v", got)
	}
}

func TestLatency(t *testing.T) {
	h := newHarness(t, Options{})
	h.em.AddFault(FaultRule{Kind: FaultLatency, Route: "groups.list", Latency: 60 * time.Millisecond, Count: 1})
	start := time.Now()
	expectStatus(t, h.do("GET", "/groups", nil), 200)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Fatalf("latency fault took %v", d)
	}
	h.em.SetLatency(40 * time.Millisecond)
	start = time.Now()
	expectStatus(t, h.do("GET", "/groups", nil), 200)
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Fatalf("SetLatency took %v", d)
	}
	h.em.SetLatency(0)
	if h.em.FaultsInjected()[FaultLatency] != 1 {
		t.Fatal("latency not tallied")
	}
}

func TestRateLimit(t *testing.T) {
	h := newHarness(t, Options{}) // the fake clock stands still: no refill unless advanced
	h.em.SetRateLimit(2, 3)
	for range 3 {
		expectStatus(t, h.do("GET", "/groups", nil), 200)
	}
	expectError(t, h.do("POST", "/groups", createBody), 429, 131208)
	expectError(t, h.do("GET", "/groups", nil), 429, 131208)
	if h.em.RateLimited() != 2 || len(h.em.Groups()) != 0 {
		t.Fatalf("rate limited %d", h.em.RateLimited())
	}
	h.clock.Advance(500 * time.Millisecond) // one token back
	expectStatus(t, h.do("GET", "/groups", nil), 200)
	expectError(t, h.do("GET", "/groups", nil), 429, 131208)
	h.clock.Advance(time.Hour) // refill caps at burst
	for range 3 {
		expectStatus(t, h.do("GET", "/groups", nil), 200)
	}
	expectError(t, h.do("GET", "/groups", nil), 429, 131208)
	h.em.SetRateLimit(0, 0)
	for range 10 {
		expectStatus(t, h.do("GET", "/groups", nil), 200)
	}
	if h.em.RateLimited() != 4 || h.em.FaultsInjected()[Fault429] != 0 {
		t.Fatalf("rate limited %d", h.em.RateLimited())
	}
	if h.em.Calls("groups.list") != 20 {
		t.Fatalf("calls %d", h.em.Calls("groups.list"))
	}
}
