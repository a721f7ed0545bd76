package bench

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// Request counts are pinned here without timing anything: they are what
// rate limits see, and they must not depend on how fast the machine is.

// createAtOnce creates n groups concurrently through one provider server,
// as Terraform does with -parallelism >= n, and returns the API calls made.
func createAtOnce(t *testing.T, n int, createDelay time.Duration) map[string]int {
	t.Helper()
	em, url := newEmulator(t, emulator.Options{CreateDelay: createDelay})
	// Slower than fastTiming: the poller's spacing (PollInitial/2 = 20 ms)
	// must exceed the few milliseconds of CPU that separate the first and
	// the last of 40 concurrent creates on a busy 2-core machine, as the
	// production spacing (500 ms) does by far.
	timing := fastTiming()
	timing.PollInitial, timing.PollMax = 40*time.Millisecond, time.Second
	p := newProtoProvider(t, url, timing)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = p.create(ctx, t, "d360_group", map[string]tftypes.Value{"subject": str(fmt.Sprintf("at-once-%d", i))})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	if got := len(em.Groups()); got != n {
		t.Fatalf("the emulator holds %d groups, want %d", got, n)
	}
	return em.CallCounts()
}

// TestCreateListPollingDoesNotGrowWithN creates 5 and then 40 groups at
// once: each create costs its POST and one GET (which both confirms the
// match and reads the state), and the list scans, shared by every pending
// create, stay the same in number. The shared poller looks 10 ms after the
// creates were accepted, then backs off by half (10, 25, 47, 81, 132, 208,
// 322 ms), so a 300 ms creation delay takes one baseline scan and about
// seven checks whatever N is; a poller per create would make N times as many.
func TestCreateListPollingDoesNotGrowWithN(t *testing.T) {
	const delay = 300 * time.Millisecond
	small, large := createAtOnce(t, 5, delay), createAtOnce(t, 40, delay)
	for _, c := range []struct {
		n      int
		counts map[string]int
	}{{5, small}, {40, large}} {
		if got := c.counts["groups.create"]; got != c.n {
			t.Errorf("N=%d: %d POSTs, want %d", c.n, got, c.n)
		}
		if got := c.counts["groups.get"]; got != c.n {
			t.Errorf("N=%d: %d GETs, want one per create (%v)", c.n, got, c.counts)
		}
		other := 0
		for route, k := range c.counts {
			if route != "groups.create" && route != "groups.get" && route != "groups.list" {
				other += k
			}
		}
		if other != 0 {
			t.Errorf("N=%d: unexpected calls %v", c.n, c.counts)
		}
		// One page per scan here, so list requests are scans.
		if got := c.counts["groups.list"]; got > 12 {
			t.Errorf("N=%d: %d list requests for one creation delay, want at most 12", c.n, got)
		}
	}
	if s, l := small["groups.list"], large["groups.list"]; l > s+2 {
		t.Errorf("list requests grew with N: %d for 5 creates, %d for 40", s, l)
	}
	t.Logf("list requests: %d for 5 creates, %d for 40", small["groups.list"], large["groups.list"])
}

// TestRefreshCostsOneRequestPerResource refreshes and plans groups (and
// invite links, once the provider has them) as a plan does: one request per
// resource for the refresh, none for the plan.
func TestRefreshCostsOneRequestPerResource(t *testing.T) {
	em, url := newEmulator(t, emulator.Options{})
	p := newProtoProvider(t, url, fastTiming())
	ctx := context.Background()
	const n = 20
	type managed struct {
		typeName string
		state    *tfprotov6.DynamicValue
		config   *tfprotov6.DynamicValue
	}
	var resources []managed
	for i := range n {
		group, err := p.create(ctx, t, "d360_group", map[string]tftypes.Value{"subject": str(fmt.Sprintf("refresh-%d", i))})
		if err != nil {
			t.Fatal(err)
		}
		resources = append(resources, managed{"d360_group", group, p.stateToConfig(t, "d360_group", group, "subject")})
		if p.has("d360_group_invite_link") {
			id := p.attribute(t, "d360_group", group, "id")
			link, err := p.create(ctx, t, "d360_group_invite_link", map[string]tftypes.Value{"group_id": id})
			if err != nil {
				t.Fatal(err)
			}
			resources = append(resources, managed{"d360_group_invite_link", link, p.config(t, "d360_group_invite_link", map[string]tftypes.Value{"group_id": id})})
		}
	}
	em.ResetCounters()
	for _, r := range resources {
		state, err := p.read(ctx, r.typeName, r.state)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.planUnchanged(ctx, r.typeName, state, r.config); err != nil {
			t.Fatalf("%s: %v", r.typeName, err)
		}
	}
	if got := em.TotalCalls(); got != len(resources) {
		t.Fatalf("refreshing and planning %d resources cost %d requests (%v), want one per resource", len(resources), got, em.CallCounts())
	}
	if got := em.Calls("groups.get"); got != n {
		t.Errorf("%d group reads for %d groups", got, n)
	}
}
