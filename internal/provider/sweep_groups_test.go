package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// sweepGroups deletes every group whose subject starts with prefix (exact,
// case-sensitive) and waits until the list no longer shows them. It keeps
// going after a failure, so one suspended or stuck group does not protect
// the others; the report lists each outcome.
func sweepGroups(c *client.Client, timing Timing, prefix string) sweepReport {
	r := sweepReport{kind: "group", prefix: prefix}
	if err := checkSweepPrefix(prefix); err != nil {
		r.fail(err)
		return r
	}
	ctx := context.Background()
	matched, kept, err := prefixedGroups(ctx, c, prefix)
	if err != nil {
		r.fail(fmt.Errorf("listing groups: %s", describeError(err)))
		return r
	}
	r.kept = kept

	var accepted []string
	names := map[string]string{}
	for _, g := range matched {
		names[g.ID] = fmt.Sprintf("%s %q", g.ID, g.Subject)
		switch err := c.DeleteGroup(ctx, g.ID); {
		case err == nil:
			accepted = append(accepted, g.ID)
		case client.IsNotFound(err):
			r.alreadyGone = append(r.alreadyGone, names[g.ID])
		default:
			r.fail(fmt.Errorf("group %s: %s", names[g.ID], describeError(err)))
		}
	}

	still, waitErr := awaitUnlisted(timing, accepted, func(ctx context.Context) (map[string]bool, error) {
		listed := map[string]bool{}
		err := c.EachGroup(ctx, func(page []client.GroupSummary) error {
			for _, g := range page {
				listed[g.ID] = true
			}
			return nil
		})
		return listed, err
	})
	for _, id := range accepted {
		if still[id] {
			r.fail(fmt.Errorf("group %s: %s", names[id], waitErr))
			continue
		}
		r.removed = append(r.removed, names[id])
	}
	return r
}

// prefixedGroups lists every group (all pages) and returns those whose
// subject starts with prefix, and how many others there are. A group the
// list repeats (it moved between two pages) counts once (the client passes
// each group once).
func prefixedGroups(ctx context.Context, c *client.Client, prefix string) ([]client.GroupSummary, int, error) {
	var matched []client.GroupSummary
	kept := 0
	err := c.EachGroup(ctx, func(page []client.GroupSummary) error {
		for _, g := range page {
			if strings.HasPrefix(g.Subject, prefix) {
				matched = append(matched, g)
			} else {
				kept++
			}
		}
		return nil
	})
	return matched, kept, err
}
