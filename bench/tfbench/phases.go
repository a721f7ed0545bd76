package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// startup measures the provider binary's start to its schema answer, and
// for context the same through `terraform providers schema -json`.
func (b *bench) startup(ctx context.Context) error {
	logf("startup: %d runs", b.opts.startupRuns)
	var handshakes, schemas sample
	var size int
	for range b.opts.startupRuns {
		r, err := measureStartup(ctx, b.provider)
		if err != nil {
			return err
		}
		handshakes = append(handshakes, r.Handshake)
		schemas = append(schemas, r.Schema)
		size = r.SchemaBytes
	}
	st := &startupFigures{
		Runs: b.opts.startupRuns, HandshakeMedianMS: ms(handshakes.median()),
		SchemaMedianMS: ms(schemas.median()), SchemaMinMS: ms(schemas.min()), SchemaMaxMS: ms(schemas.max()), SchemaBytes: size,
	}
	w, err := b.workspace("schema")
	if err != nil {
		return err
	}
	if err := w.setConfig(groupsConfig(0, false)); err != nil {
		return err
	}
	var tf sample
	for range b.opts.planRuns {
		r, err := w.run(ctx, []int{0}, "providers", "schema", "-json")
		if err != nil {
			return err
		}
		tf = append(tf, r.Wall)
	}
	st.TerraformSchemaMS, st.TerraformSchemaRun = ms(tf.median()), len(tf)
	b.results.Startup = st
	return nil
}

// baseline times a plan and an apply of a configuration without resources:
// Terraform's and the provider's fixed costs, subtracted from every figure.
func (b *bench) baseline(ctx context.Context) error {
	w, err := b.workspace("baseline")
	if err != nil {
		return err
	}
	if err := w.setConfig(groupsConfig(0, false)); err != nil {
		return err
	}
	plan := &phase{Name: "terraform plan"}
	apply := &phase{Name: "terraform apply"}
	logf("baseline: %d plans and applies without resources", b.opts.planRuns)
	for range b.opts.planRuns {
		b.emu.ResetCounters()
		r, err := w.plan(ctx, b.opts.parallelism)
		if err != nil {
			return err
		}
		plan.record(r, b.emu.counts())
		b.emu.ResetCounters()
		if r, err = w.apply(ctx, b.opts.parallelism); err != nil {
			return err
		}
		apply.record(r, b.emu.counts())
	}
	plan.finish(0, 0, "", 0)
	apply.finish(0, 0, "", 0)
	b.results.Baseline = []*phase{plan, apply}
	return nil
}

func (b *bench) baselinePlan() time.Duration  { return b.baselineOf(0) }
func (b *bench) baselineApply() time.Duration { return b.baselineOf(1) }

func (b *bench) baselineOf(i int) time.Duration {
	if len(b.results.Baseline) <= i {
		return 0
	}
	return b.results.Baseline[i].walls.median()
}

// createAndRefresh applies N groups (and links) from an empty state several
// times, then plans the last result several times.
func (b *bench) createAndRefresh(ctx context.Context, n int) error {
	w, err := b.workspace(fmt.Sprintf("n%d", n))
	if err != nil {
		return err
	}
	links := 0
	if b.links {
		links = n
	}
	p, l, d := b.opts.parallelism, b.opts.latency, b.opts.createDelay

	create := &phase{Name: "create", N: n, Resources: n + links}
	runs := b.opts.applyRuns
	if !b.opts.phases["create"] {
		runs = 1 // the refresh still needs something to refresh
	}
	for i := range runs {
		logf("N=%d: apply %d/%d", n, i+1, runs)
		b.emu.reset()
		if err := w.setConfig(groupsConfig(n, b.links)); err != nil {
			return err
		}
		r, err := w.apply(ctx, p)
		if err != nil {
			return err
		}
		counts := b.emu.counts()
		if got := counts["groups.create"]; got != n {
			return fmt.Errorf("apply sent %d group creations, want %d", got, n)
		}
		if got := len(b.emu.Groups()); got != n {
			return fmt.Errorf("the emulator holds %d groups after apply, want %d", got, n)
		}
		create.record(r, counts)
	}
	// One POST per group, then (with links) one link request per group after it.
	createFloor := time.Duration(batches(n, p))*(d+l) + time.Duration(batches(links, p))*l
	rule := fmt.Sprintf("⌈%d/%d⌉×(%s+%s)", n, p, d, l)
	if links > 0 {
		rule += fmt.Sprintf(" + ⌈%d/%d⌉×%s", links, p, l)
	}
	create.finish(b.baselineApply(), createFloor, rule, 1.3)
	if b.opts.phases["create"] {
		b.results.Create = append(b.results.Create, create)
	}

	if !b.opts.phases["refresh"] {
		return nil
	}
	refresh := &phase{Name: "refresh", N: n, Resources: n + links}
	for i := range b.opts.planRuns {
		logf("N=%d: plan %d/%d", n, i+1, b.opts.planRuns)
		b.emu.ResetCounters()
		r, err := w.plan(ctx, p)
		if err != nil {
			return err
		}
		counts := b.emu.counts()
		if total := b.emu.TotalCalls(); total != n+links {
			return fmt.Errorf("refreshing %d resources cost %d requests (%v), want one per resource", n+links, total, counts)
		}
		refresh.record(r, counts)
	}
	refreshFloor := time.Duration(batches(n+links, p)) * l
	refresh.finish(b.baselinePlan(), refreshFloor, fmt.Sprintf("⌈%d/%d⌉×%s", n+links, p, l), 1.2)
	b.results.Refresh = append(b.results.Refresh, refresh)
	return nil
}

// createAtOnce creates N groups with parallelism N, so every create waits
// for its group at the same time: the list polling must not grow with N.
func (b *bench) createAtOnce(ctx context.Context, n int) error {
	w, err := b.workspace(fmt.Sprintf("atonce%d", n))
	if err != nil {
		return err
	}
	logf("N=%d: apply with parallelism %d", n, n)
	b.emu.reset()
	if err := w.setConfig(groupsConfig(n, false)); err != nil {
		return err
	}
	r, err := w.apply(ctx, n)
	if err != nil {
		return err
	}
	ph := &phase{Name: "create at once", N: n, Resources: n}
	counts := b.emu.counts()
	if got := counts["groups.create"]; got != n {
		return fmt.Errorf("apply sent %d group creations, want %d", got, n)
	}
	ph.record(r, counts)
	ph.finish(b.baselineApply(), b.opts.createDelay+b.opts.latency, fmt.Sprintf("1×(%s+%s)", b.opts.createDelay, b.opts.latency), 0)
	b.results.AtOnce = append(b.results.AtOnce, ph)
	return nil
}

// createCrowded creates a few groups in a number that already holds many:
// every list scan (the baseline before a create and each check after it)
// then reads ceil(existing/1024) pages one after the other.
func (b *bench) createCrowded(ctx context.Context) error {
	n, existing := b.opts.crowdedN, b.opts.crowdedExisting
	w, err := b.workspace("crowded")
	if err != nil {
		return err
	}
	p, l, d := b.opts.parallelism, b.opts.latency, b.opts.createDelay
	ph := &phase{Name: fmt.Sprintf("create among %d groups", existing), N: n, Resources: n}
	for i := range b.opts.applyRuns {
		logf("create %d groups among %d: apply %d/%d", n, existing, i+1, b.opts.applyRuns)
		b.emu.reset()
		b.emu.seedGroups(existing, "existing-")
		if err := w.setConfig(groupsConfig(n, false)); err != nil {
			return err
		}
		r, err := w.apply(ctx, p)
		if err != nil {
			return err
		}
		counts := b.emu.counts()
		if got := counts["groups.create"]; got != n {
			return fmt.Errorf("apply sent %d group creations, want %d", got, n)
		}
		ph.record(r, counts)
	}
	ph.finish(b.baselineApply(), time.Duration(batches(n, p))*(d+l), fmt.Sprintf("⌈%d/%d⌉×(%s+%s)", n, p, d, l), 0)
	b.results.Crowded = append(b.results.Crowded, ph)
	return nil
}

// listMemoryLimitMB is the target for the provider's peak memory while it
// lists the documented maximum of 10,000 groups.
const listMemoryLimitMB = 100

// lists reads d360_groups over many groups and d360_group_join_requests
// over many pending requests.
func (b *bench) lists(ctx context.Context) error {
	l := b.opts.latency
	b.emu.reset()
	b.emu.seedGroups(b.opts.listGroups, "listed-")
	pages := batches(max(b.opts.listGroups, 1), 1024)
	groups, err := b.listPhase(ctx, "lists-groups", "d360_groups", groupsDataSourceConfig(), "group_count", b.opts.listGroups)
	if err != nil {
		return err
	}
	groups.finish(b.baselinePlan(), time.Duration(pages)*l, fmt.Sprintf("%d pages×%s", pages, l), 0)
	if err := groups.expectListing("groups.list", pages, listMemoryLimitMB); err != nil {
		return err
	}

	b.emu.reset()
	id := b.emu.SeedGroup("join-requests", "", "approval_required")
	link, err := b.emu.InviteLink(id)
	if err != nil {
		return err
	}
	for i := range b.opts.joinRequests {
		if err := b.emu.JoinViaLink(link, fmt.Sprintf("1555%07d", i)); err != nil {
			return err
		}
	}
	pages = batches(max(b.opts.joinRequests, 1), 1024)
	jr, err := b.listPhase(ctx, "lists-join-requests", "d360_group_join_requests", joinRequestsConfig(id), "join_request_count", b.opts.joinRequests)
	if err != nil {
		return err
	}
	jr.finish(b.baselinePlan(), time.Duration(pages)*l, fmt.Sprintf("%d pages×%s", pages, l), 0)
	if err := jr.expectListing("join_requests.list", pages, listMemoryLimitMB); err != nil {
		return err
	}
	b.results.Lists = append(b.results.Lists, groups, jr)
	return nil
}

// listPhase applies a data source configuration once (checking the count
// it outputs), then times plans, which read the data source again.
func (b *bench) listPhase(ctx context.Context, dir, name, hcl, output string, want int) (*phase, error) {
	w, err := b.workspace(dir)
	if err != nil {
		return nil, err
	}
	if err := w.setConfig(hcl); err != nil {
		return nil, err
	}
	logf("%s: apply, then %d plans", name, b.opts.planRuns)
	if _, err := w.apply(ctx, b.opts.parallelism); err != nil {
		return nil, err
	}
	out, err := w.run(ctx, []int{0}, "output", "-json", output)
	if err != nil {
		return nil, err
	}
	var got int
	if err := json.Unmarshal([]byte(out.Output), &got); err != nil || got != want {
		return nil, fmt.Errorf("%s returned %s items, want %d", name, out.Output, want)
	}
	ph := &phase{Name: name, N: want}
	for range b.opts.planRuns {
		b.emu.ResetCounters()
		r, err := w.plan(ctx, b.opts.parallelism)
		if err != nil {
			return nil, err
		}
		ph.record(r, b.emu.counts())
	}
	return ph, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
