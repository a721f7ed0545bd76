// Package groupcreate resolves the id of a group whose creation the API
// accepted asynchronously. The create call answers only a request id; the
// group later shows up in the list of active groups, which is the only way to
// find it without webhooks (CONTRACT.md §4). One Coordinator per provider
// process scans that list for every pending create at once, so the number of
// list requests does not grow with the number of groups being created.
package groupcreate

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// Lister reads the active groups page by page.
type Lister interface {
	EachGroup(ctx context.Context, fn func([]client.GroupSummary) error) error
}

// Options tunes the poller.
type Options struct {
	// PollInitial is the first wait of every pending create: its group is
	// first looked for PollInitial after the create was accepted, then after
	// waits that grow by half each time up to PollMax.
	PollInitial time.Duration
	PollMax     time.Duration
	// ScanSpacing is the shortest time between the starts of two scans
	// (default PollInitial), whatever the number of creates pending: list
	// requests are bounded by time, not by the number of groups created.
	ScanSpacing time.Duration
	// BaselineMaxAge lets a scan that started at most this long before
	// Baseline was called serve as the baseline (default ScanSpacing), so
	// that creates arriving one after the other while the poller is busy do
	// not each wait for a scan of their own.
	BaselineMaxAge time.Duration
	// ScanTimeout bounds one full scan (default 2 minutes).
	ScanTimeout time.Duration
}

// baselineGather is the most a baseline waits for other creates to join its
// scan: Terraform starts the creates of one apply within milliseconds of
// each other.
const baselineGather = 50 * time.Millisecond

// Coordinator shares list scans between concurrent creates and makes sure two
// creates never bind the same group.
type Coordinator struct {
	lister Lister
	opts   Options

	mu       sync.Mutex
	claimed  map[string]bool
	waiters  map[*waiter]struct{}
	running  bool
	gen      uint64    // generation of the last scan started
	started  time.Time // when that scan started
	scanning bool      // that scan is still running
	last     *scanResult
	scans    int
	wake     chan struct{}
}

// scanResult is one complete pass over the list.
type scanResult struct {
	gen     uint64
	started time.Time
	groups  []client.GroupSummary
	ids     map[string]string // id -> subject
	err     error
}

// waiter is a Baseline or Await call waiting for scans.
type waiter struct {
	after    uint64           // only scans of a later generation count
	due      time.Time        // when it wants its next scan
	interval time.Duration    // its next back-off step; 0 for a baseline
	served   bool             // a baseline that got its scan
	ch       chan *scanResult // holds the newest undelivered scan
}

// New returns a Coordinator reading the list through lister.
func New(lister Lister, opts Options) *Coordinator {
	if opts.PollInitial <= 0 {
		opts.PollInitial = time.Second
	}
	if opts.PollMax < opts.PollInitial {
		opts.PollMax = opts.PollInitial
	}
	if opts.ScanSpacing <= 0 {
		opts.ScanSpacing = opts.PollInitial
	}
	if opts.BaselineMaxAge <= 0 {
		opts.BaselineMaxAge = opts.ScanSpacing
	}
	if opts.ScanTimeout <= 0 {
		opts.ScanTimeout = 2 * time.Minute
	}
	return &Coordinator{
		lister:  lister,
		opts:    opts,
		claimed: map[string]bool{},
		waiters: map[*waiter]struct{}{},
		wake:    make(chan struct{}, 1),
	}
}

// Scans reports how many full list scans the coordinator has made.
func (c *Coordinator) Scans() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.scans
}

// Claim binds id to the caller; false means another create already holds it.
func (c *Coordinator) Claim(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.claimed[id] {
		return false
	}
	c.claimed[id] = true
	return true
}

// Claimed lists the groups bound by creates of this process.
func (c *Coordinator) Claimed() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := make([]string, 0, len(c.claimed))
	for id := range c.claimed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Release gives up a claim (the group turned out not to match, or it was
// deleted).
func (c *Coordinator) Release(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.claimed, id)
}

// Baseline is the set of groups that existed before a create was sent; none
// of them may be adopted by that create.
type Baseline struct {
	ids map[string]string // id -> subject
}

// WithSubject lists the baseline's groups that have subject.
func (b Baseline) WithSubject(subject string) []string {
	var ids []string
	for id, s := range b.ids {
		if s == subject {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// Contains reports whether id was in the baseline.
func (b Baseline) Contains(id string) bool {
	_, ok := b.ids[id]
	return ok
}

// Baseline returns the groups visible in a scan that started at most
// BaselineMaxAge before the call (usually a scan started after it). A group
// created in that short window with the same subject, description and join
// approval mode as a later create could be taken for it; such a group is
// indistinguishable from the one asked for anyway.
func (c *Coordinator) Baseline(ctx context.Context) (Baseline, error) {
	c.mu.Lock()
	now := time.Now()
	fresh := now.Add(-c.opts.BaselineMaxAge)
	if s := c.last; s != nil && s.err == nil && !s.started.Before(fresh) {
		c.mu.Unlock()
		return Baseline{ids: s.ids}, nil
	}
	after := c.gen
	if c.scanning && !c.started.Before(fresh) {
		after-- // the scan in flight is recent enough
	}
	w := c.registerLocked(after, now.Add(min(c.opts.ScanSpacing/4, baselineGather)), 0)
	c.mu.Unlock()
	defer c.unregister(w)
	select {
	case <-ctx.Done():
		return Baseline{}, ctx.Err()
	case s := <-w.ch:
		if s.err != nil {
			return Baseline{}, s.err
		}
		return Baseline{ids: s.ids}, nil
	}
}

// Want describes the group a create asked for.
type Want struct {
	Subject string
	// NotBefore (Unix seconds) excludes groups whose created_at is older:
	// they cannot come from this request. Zero disables the check.
	NotBefore int64
	// Verify checks the attributes the list does not show (description, join
	// approval mode) with a GET. A false answer means "not this one".
	Verify func(ctx context.Context, groupID string) (bool, error)
	// GiveUpAfter and GiveUpScans, when both set, let Await report
	// ErrNotFound before ctx ends: once at least GiveUpAfter has passed AND
	// GiveUpScans complete scans have come back without the group. Counting
	// scans as well as time matters when the API is slow or failing: a
	// wall-clock bound alone could give up before the group had any chance to
	// be seen, and a second create would then duplicate it.
	GiveUpAfter time.Duration
	GiveUpScans int
}

// ErrNotFound is returned by Await when ctx ends before a matching group
// appears.
var ErrNotFound = errors.New("the new group did not appear in the list of active groups")

// Await waits for a group that matches want, is absent from base and is not
// claimed by another create, and claims it. It only considers scans started
// after the call, so the caller must call it after the create request
// returned.
func (c *Coordinator) Await(ctx context.Context, base Baseline, want Want) (string, error) {
	c.mu.Lock()
	w := c.registerLocked(c.gen, time.Now().Add(c.opts.PollInitial), c.opts.PollInitial)
	c.mu.Unlock()
	defer c.unregister(w)
	rejected := map[string]bool{}
	var lastErr error
	start := time.Now()
	emptyScans := 0
	for {
		select {
		case <-ctx.Done():
			if lastErr != nil {
				return "", errors.Join(ErrNotFound, lastErr)
			}
			return "", ErrNotFound
		case s := <-w.ch:
			if s.err != nil {
				lastErr = s.err
				continue
			}
			id, err := c.match(ctx, s, base, want, rejected)
			if err != nil {
				lastErr = err
				continue
			}
			if id != "" {
				return id, nil
			}
			emptyScans++
			if want.GiveUpScans > 0 && emptyScans >= want.GiveUpScans && time.Since(start) >= want.GiveUpAfter {
				return "", ErrNotFound
			}
		}
	}
}

// match looks for want in one scan, oldest candidates first so that several
// identical creates bind their groups in a stable order.
func (c *Coordinator) match(ctx context.Context, s *scanResult, base Baseline, want Want, rejected map[string]bool) (string, error) {
	var candidates []client.GroupSummary
	for _, g := range s.groups {
		if g.Subject != want.Subject || base.Contains(g.ID) || rejected[g.ID] {
			continue
		}
		if want.NotBefore > 0 && g.CreatedAt > 0 && int64(g.CreatedAt) < want.NotBefore {
			continue
		}
		candidates = append(candidates, g)
	}
	sort.SliceStable(candidates, func(i, j int) bool { return candidates[i].CreatedAt < candidates[j].CreatedAt })
	var lastErr error
	for _, g := range candidates {
		if !c.Claim(g.ID) {
			continue
		}
		if want.Verify == nil {
			return g.ID, nil
		}
		ok, err := want.Verify(ctx, g.ID)
		if err == nil && ok {
			return g.ID, nil
		}
		c.Release(g.ID)
		if err != nil && !client.IsNotFound(err) {
			lastErr = err
			continue
		}
		rejected[g.ID] = true
	}
	return "", lastErr
}

// registerLocked adds a waiter that wants a scan of a generation after
// after, at due. Callers hold c.mu.
func (c *Coordinator) registerLocked(after uint64, due time.Time, interval time.Duration) *waiter {
	w := &waiter{after: after, due: due, interval: interval, ch: make(chan *scanResult, 1)}
	c.waiters[w] = struct{}{}
	if !c.running {
		c.running = true
		go c.loop()
		return w
	}
	c.wakeLocked() // the poller may be sleeping towards a later due time
	return w
}

func (c *Coordinator) unregister(w *waiter) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.waiters, w)
	c.wakeLocked() // the poller may now stop or wait longer
}

func (c *Coordinator) wakeLocked() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// loop scans while anyone waits, then stops. A scan starts when the
// earliest waiter is due, but never sooner than ScanSpacing after the
// previous one, and serves every waiter at once.
func (c *Coordinator) loop() {
	for {
		c.mu.Lock()
		if len(c.waiters) == 0 {
			c.running = false
			c.mu.Unlock()
			return
		}
		next, wanted := c.nextScanLocked()
		if !wanted {
			// Only baselines that got their scan are left; they leave soon.
			c.mu.Unlock()
			<-c.wake
			continue
		}
		if wait := time.Until(next); wait > 0 {
			c.mu.Unlock()
			timer := time.NewTimer(wait)
			select {
			case <-c.wake: // a new waiter may be due sooner
			case <-timer.C:
			}
			timer.Stop()
			continue
		}
		c.gen++
		gen, started := c.gen, time.Now()
		c.started, c.scanning = started, true
		c.mu.Unlock()

		s := c.scan(gen, started)

		c.mu.Lock()
		c.scans++
		c.scanning = false
		c.last = s
		for w := range c.waiters {
			if w.after >= gen {
				continue
			}
			select {
			case <-w.ch: // drop an undelivered older scan
			default:
			}
			w.ch <- s
			if w.interval == 0 {
				w.served = true // a baseline needs one scan
				continue
			}
			// Every scan a waiter gets counts as one of its checks, whoever
			// asked for it: waiters that started at different times then
			// back off together instead of keeping the poller at full pace.
			w.due = s.started.Add(w.interval)
			w.interval = min(w.interval+w.interval/2, c.opts.PollMax)
		}
		c.mu.Unlock()
	}
}

// nextScanLocked is when the next scan should start: when the earliest
// waiter wants one, spaced at least ScanSpacing from the previous scan.
// wanted is false when no waiter needs another scan.
func (c *Coordinator) nextScanLocked() (next time.Time, wanted bool) {
	for w := range c.waiters {
		if w.served {
			continue
		}
		if !wanted || w.due.Before(next) {
			next, wanted = w.due, true
		}
	}
	if wanted && !c.started.IsZero() {
		if earliest := c.started.Add(c.opts.ScanSpacing); next.Before(earliest) {
			next = earliest
		}
	}
	return next, wanted
}

func (c *Coordinator) scan(gen uint64, started time.Time) *scanResult {
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.ScanTimeout)
	defer cancel()
	s := &scanResult{gen: gen, started: started, ids: map[string]string{}}
	s.err = c.lister.EachGroup(ctx, func(page []client.GroupSummary) error {
		for _, g := range page {
			s.ids[g.ID] = g.Subject
		}
		s.groups = append(s.groups, page...)
		return nil
	})
	return s
}
