package groupcreate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// fakeList is a list endpoint whose content the test controls.
type fakeList struct {
	mu     sync.Mutex
	groups []client.GroupSummary
	calls  atomic.Int64
	err    error
}

func (f *fakeList) EachGroup(_ context.Context, fn func([]client.GroupSummary) error) error {
	f.calls.Add(1)
	f.mu.Lock()
	page := append([]client.GroupSummary(nil), f.groups...)
	err := f.err
	f.mu.Unlock()
	if err != nil {
		return err
	}
	return fn(page)
}

func (f *fakeList) add(id, subject string, createdAt int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.groups = append(f.groups, client.GroupSummary{ID: id, Subject: subject, CreatedAt: client.FlexTime(createdAt)})
}

func fastOptions() Options {
	return Options{PollInitial: 2 * time.Millisecond, PollMax: 10 * time.Millisecond}
}

func TestAwaitIgnoresGroupsInTheBaseline(t *testing.T) {
	list := &fakeList{}
	list.add("old", "Support", 100)
	c := New(list, fastOptions())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	base, err := c.Baseline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		list.add("new", "Support", 200)
	}()
	id, err := c.Await(ctx, base, Want{Subject: "Support"})
	if err != nil {
		t.Fatal(err)
	}
	if id != "new" {
		t.Fatalf("adopted %q, want the group created after the baseline", id)
	}
}

func TestAwaitBindsDistinctGroupsToIdenticalCreates(t *testing.T) {
	list := &fakeList{}
	c := New(list, fastOptions())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	const n = 10
	base, err := c.Baseline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	ids := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids[i], errs[i] = c.Await(ctx, base, Want{Subject: "Same"})
		}()
	}
	for i := range n {
		time.Sleep(3 * time.Millisecond)
		list.add(fmt.Sprintf("g%d", i), "Same", int64(1000+i))
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("create %d: %v", i, errs[i])
		}
		if seen[ids[i]] {
			t.Fatalf("group %s bound twice", ids[i])
		}
		seen[ids[i]] = true
	}
}

func TestAwaitRejectsGroupsThatFailVerification(t *testing.T) {
	list := &fakeList{}
	c := New(list, fastOptions())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	base, _ := c.Baseline(ctx)
	list.add("other-description", "Support", 300)
	list.add("mine", "Support", 301)
	verified := map[string]int{}
	var mu sync.Mutex
	id, err := c.Await(ctx, base, Want{Subject: "Support", Verify: func(_ context.Context, id string) (bool, error) {
		mu.Lock()
		defer mu.Unlock()
		verified[id]++
		return id == "mine", nil
	}})
	if err != nil || id != "mine" {
		t.Fatalf("got %q, %v; want mine", id, err)
	}
	if verified["other-description"] != 1 {
		t.Fatalf("a rejected group must be checked once, was checked %d times", verified["other-description"])
	}
	if !c.Claim("other-description") {
		t.Fatal("a group that failed verification must be released for other creates")
	}
}

func TestAwaitSkipsGroupsClaimedElsewhereAndOlderThanTheRequest(t *testing.T) {
	list := &fakeList{}
	c := New(list, fastOptions())
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	base, _ := c.Baseline(ctx)
	list.add("claimed", "Support", 500)
	list.add("too-old", "Support", 10)
	if !c.Claim("claimed") {
		t.Fatal("claim failed")
	}
	_, err := c.Await(ctx, base, Want{Subject: "Support", NotBefore: 400})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
}

func TestScansAreSharedBetweenWaiters(t *testing.T) {
	list := &fakeList{}
	c := New(list, Options{PollInitial: 20 * time.Millisecond, PollMax: 20 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	base, _ := c.Baseline(ctx)
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Await(ctx, base, Want{Subject: fmt.Sprintf("s%d", i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	for i := range n {
		list.add(fmt.Sprintf("g%d", i), fmt.Sprintf("s%d", i), 1)
	}
	wg.Wait()
	// 50 waiters over ~3 poll intervals: the scans must not be per waiter.
	if calls := list.calls.Load(); calls > 15 {
		t.Fatalf("%d list scans for %d pending creates: scans are not shared", calls, n)
	}
}

func TestScanErrorsAreReportedWhenTheWaitEnds(t *testing.T) {
	list := &fakeList{err: errors.New("boom")}
	c := New(list, fastOptions())
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := c.Baseline(ctx); err == nil || err.Error() != "boom" {
		t.Fatalf("baseline error = %v, want boom", err)
	}
	_, err := c.Await(ctx, Baseline{}, Want{Subject: "x"})
	if !errors.Is(err, ErrNotFound) || !errors.Is(err, list.err) {
		t.Fatalf("await error = %v, want ErrNotFound joined with the scan error", err)
	}
}

func TestPollerStopsWhenNobodyWaits(t *testing.T) {
	list := &fakeList{}
	c := New(list, fastOptions())
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := c.Baseline(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	before := list.calls.Load()
	time.Sleep(50 * time.Millisecond)
	if after := list.calls.Load(); after != before {
		t.Fatalf("poller kept scanning with no waiter: %d -> %d", before, after)
	}
}

// slowList records when each scan started and can hold scans back.
type slowList struct {
	fakeList
	clock   Clock // nil: the wall clock
	mu      sync.Mutex
	starts  []time.Time
	release chan struct{} // when not nil, every scan waits for a value
}

func (s *slowList) EachGroup(ctx context.Context, fn func([]client.GroupSummary) error) error {
	now := time.Now()
	if s.clock != nil {
		now = s.clock.Now()
	}
	s.mu.Lock()
	s.starts = append(s.starts, now)
	release := s.release
	s.mu.Unlock()
	if release != nil {
		<-release
	}
	return s.fakeList.EachGroup(ctx, fn)
}

func (s *slowList) scanStarts() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.starts...)
}

func TestBaselineReusesARecentScan(t *testing.T) {
	list := &fakeList{}
	c := New(list, Options{PollInitial: 5 * time.Millisecond, ScanSpacing: 10 * time.Millisecond, BaselineMaxAge: 200 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := c.Baseline(ctx); err != nil {
		t.Fatal(err)
	}
	list.add("later", "Support", 100)
	base, err := c.Baseline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := list.calls.Load(); n != 1 {
		t.Fatalf("%d scans, want the second baseline served by the first scan", n)
	}
	if base.Contains("later") {
		t.Fatal("a reused baseline cannot hold a group created after its scan")
	}
	time.Sleep(250 * time.Millisecond)
	base, err = c.Baseline(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := list.calls.Load(); n != 2 || !base.Contains("later") {
		t.Fatalf("%d scans, later in baseline %t: an old scan must not serve as a baseline", n, base.Contains("later"))
	}
}

func TestBaselineJoinsARecentScanInFlight(t *testing.T) {
	list := &slowList{release: make(chan struct{})}
	c := New(list, Options{PollInitial: 5 * time.Millisecond, ScanSpacing: 10 * time.Millisecond, BaselineMaxAge: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	errs := make(chan error, 2)
	go func() { _, err := c.Baseline(ctx); errs <- err }()
	for len(list.scanStarts()) == 0 {
		time.Sleep(time.Millisecond)
	}
	go func() { _, err := c.Baseline(ctx); errs <- err }() // registers while the scan runs
	time.Sleep(20 * time.Millisecond)
	close(list.release)
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n := len(list.scanStarts()); n != 1 {
		t.Fatalf("%d scans, want both baselines served by the scan in flight", n)
	}
}

// fakeClock is a Clock that moves only when the test says so.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
	} else {
		c.timers = append(c.timers, fakeTimer{at: c.now.Add(d), ch: ch})
	}
	return ch
}

// fireNext waits until a timer is pending, moves the clock to the earliest
// one and fires it.
func (c *fakeClock) fireNext(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Microsecond) {
		c.mu.Lock()
		if len(c.timers) == 0 {
			c.mu.Unlock()
			continue
		}
		slices.SortFunc(c.timers, func(a, b fakeTimer) int { return a.at.Compare(b.at) })
		next := c.timers[0]
		c.timers = c.timers[1:]
		c.now = next.at
		c.mu.Unlock()
		next.ch <- next.at
		return
	}
	t.Fatal("no timer pending")
}

func TestAwaitBacksOff(t *testing.T) {
	start := time.Unix(1_000_000, 0)
	clock := &fakeClock{now: start}
	list := &slowList{clock: clock}
	c := New(list, Options{PollInitial: 20 * time.Millisecond, PollMax: time.Hour, Clock: clock})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := c.Await(ctx, Baseline{}, Want{Subject: "never"}); done <- err }()
	// The first check PollInitial after the call, then waits growing by
	// half from the start of each scan: where a fixed 20 ms interval would
	// make 15 scans in 300 ms, backing off makes 6.
	wantAt := []time.Duration{20 * time.Millisecond, 40 * time.Millisecond, 70 * time.Millisecond,
		115 * time.Millisecond, 182500 * time.Microsecond, 283750 * time.Microsecond}
	for i := range wantAt {
		clock.fireNext(t)
		for len(list.scanStarts()) <= i {
			time.Sleep(100 * time.Microsecond)
		}
	}
	cancel()
	if err := <-done; !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
	got := list.scanStarts()
	for i, want := range wantAt {
		if at := got[i].Sub(start); at != want {
			t.Errorf("scan %d at %v, want %v (all scans: %v)", i, at, want, got)
		}
	}
}

func TestScansAreSpacedWhateverTheNumberOfCreates(t *testing.T) {
	list := &slowList{}
	c := New(list, Options{PollInitial: time.Millisecond, ScanSpacing: 40 * time.Millisecond, PollMax: time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	// A new create every 2 ms for 400 ms, each wanting a scan 1 ms after it
	// starts waiting.
	var wg sync.WaitGroup
	for i := 0; ctx.Err() == nil; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = c.Await(ctx, Baseline{}, Want{Subject: fmt.Sprintf("s%d", i)})
		}()
		time.Sleep(2 * time.Millisecond)
	}
	wg.Wait()
	starts := list.scanStarts()
	if len(starts) > 11 {
		t.Fatalf("%d scans in 400 ms with a 40 ms spacing", len(starts))
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 40*time.Millisecond {
			t.Errorf("scans %d and %d only %s apart", i-1, i, gap)
		}
	}
}

// After an unclear create, Await gives up only when enough time has passed
// AND enough complete scans missed the group: slow or failing scans extend
// the wait instead of letting a second create duplicate the group.
func TestAwaitGiveUpNeedsTimeAndScans(t *testing.T) {
	list := &fakeList{}
	c := New(list, Options{PollInitial: 20 * time.Millisecond, PollMax: 20 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	base, _ := c.Baseline(ctx)

	start := time.Now()
	_, err := c.Await(ctx, base, Want{Subject: "x", GiveUpAfter: 10 * time.Millisecond, GiveUpScans: 5})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
	if elapsed := time.Since(start); elapsed < 4*20*time.Millisecond {
		t.Fatalf("gave up after %v, before 5 scans could complete", elapsed)
	}

	// Failing scans do not count.
	list.mu.Lock()
	list.err = errors.New("unavailable")
	list.mu.Unlock()
	short, cancelShort := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancelShort()
	_, err = c.Await(short, base, Want{Subject: "x", GiveUpAfter: time.Millisecond, GiveUpScans: 1})
	if !errors.Is(err, ErrNotFound) || !errors.Is(err, list.err) {
		t.Fatalf("with every scan failing, Await must wait for ctx and report the scan error, got %v", err)
	}
	if short.Err() == nil {
		t.Fatal("Await gave up while no scan had succeeded")
	}
}
