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
	// Clock is the time source (default the wall clock); tests inject a fake
	// one to assert on gaps and order in time.
	Clock Clock
}

// Clock tells the time and waits.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time                         { return time.Now() }
func (wallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// baselineGather is the most a baseline waits for other creates to join its
// scan: Terraform starts the creates of one apply within milliseconds of
// each other.
const baselineGather = 50 * time.Millisecond

// Coordinator shares list scans between concurrent creates and makes sure two
// creates never bind the same group.
//
// It keeps the newest complete scan and at most one scan in flight (a single
// flight). A caller that needs a scan started after some instant uses the
// newest scan when it is recent enough, joins the one in flight, or starts
// one, never sooner than ScanSpacing after the previous one started. Each
// create backs off on its own schedule, and any scan newer than the one it
// looked at last serves as its next check, whoever started it: creates that
// wait together share their scans, so the number of scans depends on time,
// not on the number of creates.
type Coordinator struct {
	lister Lister
	opts   Options

	mu        sync.Mutex
	claimed   map[string]bool
	last      *scanResult // newest successful scan
	flight    *scanResult // scan started or about to start; nil if none
	lastStart time.Time   // start of the newest scan, successful or not
}

// scanResult is one complete pass over the list.
type scanResult struct {
	started time.Time     // when it started (until then: when it is due)
	done    chan struct{} // closed when the fields below are set
	groups  []client.GroupSummary
	ids     map[string]string // id -> subject
	err     error
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
	if opts.Clock == nil {
		opts.Clock = wallClock{}
	}
	return &Coordinator{lister: lister, opts: opts, claimed: map[string]bool{}}
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
	s, err := c.scanSince(ctx, c.opts.Clock.Now().Add(-c.opts.BaselineMaxAge), min(c.opts.ScanSpacing/4, baselineGather))
	if err == nil {
		err = s.err
	}
	if err != nil {
		return Baseline{}, err
	}
	return Baseline{ids: s.ids}, nil
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
// returned. It looks PollInitial after the call, then after waits that grow
// by half up to PollMax, each counted from the start of the scan it saw.
func (c *Coordinator) Await(ctx context.Context, base Baseline, want Want) (string, error) {
	clock := c.opts.Clock
	start := clock.Now()
	since, interval, next := start, c.opts.PollInitial, c.opts.PollInitial
	rejected := map[string]bool{}
	var lastErr error
	emptyScans := 0
	for {
		select {
		case <-ctx.Done():
			return "", errors.Join(ErrNotFound, lastErr)
		case <-clock.After(next):
		}
		s, err := c.scanSince(ctx, since, 0)
		if err != nil {
			return "", errors.Join(ErrNotFound, lastErr)
		}
		since = s.started.Add(time.Nanosecond)
		next = s.started.Add(interval).Sub(clock.Now())
		interval = min(interval+interval/2, c.opts.PollMax)
		if s.err != nil {
			lastErr = s.err
			continue
		}
		id, err := c.match(ctx, s, base, want, rejected)
		switch {
		case err != nil:
			lastErr = err
			continue
		case id != "":
			return id, nil
		}
		emptyScans++
		if want.GiveUpScans > 0 && emptyScans >= want.GiveUpScans && clock.Now().Sub(start) >= want.GiveUpAfter {
			return "", ErrNotFound
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

// scanSince returns a complete scan that started at since or later: the
// newest successful scan when it is recent enough, else the scan in flight
// (waiting for it), else a new one that starts after delay and at least
// ScanSpacing after the previous one. The scan runs with the values of the
// ctx that started it (it is logged like every other request) but is not
// cancelled with it: other creates may be waiting for it.
func (c *Coordinator) scanSince(ctx context.Context, since time.Time, delay time.Duration) (*scanResult, error) {
	for {
		c.mu.Lock()
		if s := c.last; s != nil && !s.started.Before(since) {
			c.mu.Unlock()
			return s, nil
		}
		f := c.flight
		if f == nil {
			due := c.opts.Clock.Now().Add(delay)
			if next := c.lastStart.Add(c.opts.ScanSpacing); next.After(due) {
				due = next
			}
			f = &scanResult{started: due, done: make(chan struct{})}
			c.flight = f
			go c.run(context.WithoutCancel(ctx), f)
		}
		c.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-f.done:
		}
		if !f.started.Before(since) {
			return f, nil
		}
	}
}

// run makes the scan f when it is due.
func (c *Coordinator) run(ctx context.Context, f *scanResult) {
	c.mu.Lock()
	wait := f.started.Sub(c.opts.Clock.Now())
	c.mu.Unlock()
	<-c.opts.Clock.After(wait)
	c.mu.Lock()
	f.started = c.opts.Clock.Now()
	c.lastStart = f.started
	c.mu.Unlock()

	ctx, cancel := context.WithTimeout(ctx, c.opts.ScanTimeout)
	defer cancel()
	ids := map[string]string{}
	var groups []client.GroupSummary
	err := c.lister.EachGroup(ctx, func(page []client.GroupSummary) error {
		for _, g := range page {
			ids[g.ID] = g.Subject
		}
		groups = append(groups, page...)
		return nil
	})

	c.mu.Lock()
	f.groups, f.ids, f.err = groups, ids, err
	c.flight = nil
	if err == nil {
		c.last = f
	}
	c.mu.Unlock()
	close(f.done)
}
