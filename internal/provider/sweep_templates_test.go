package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// sweepTemplates deletes every template whose name starts with prefix
// (exact, case-sensitive). The API deletes by name, all languages at once,
// which is why only names carrying the prefix are ever sent: a name is
// never shared between a test template and anything else. It keeps going
// after a failure and reports each outcome.
func sweepTemplates(c *client.Client, timing Timing, prefix string) sweepReport {
	r := sweepReport{kind: "template", prefix: prefix}
	if err := checkSweepPrefix(prefix); err != nil {
		r.fail(err)
		return r
	}
	ctx := context.Background()
	all, err := c.ListTemplates(ctx, client.TemplateFilter{})
	if err != nil {
		r.fail(fmt.Errorf("listing templates: %s", describeError(err)))
		return r
	}
	matched, kept := prefixedTemplateNames(all, prefix)
	r.kept = kept

	var accepted []string
	for _, name := range matched {
		err := c.DeleteTemplate(ctx, name)
		if err == nil {
			accepted = append(accepted, name)
			continue
		}
		// Deleting a name nobody holds any more is an error for the API
		// (code 100 "not found", not 131041): what counts is whether the
		// name is still listed.
		live, lerr := liveTemplateNames(ctx, c, client.TemplateFilter{Name: name})
		if lerr == nil && !live[name] {
			r.alreadyGone = append(r.alreadyGone, name)
			continue
		}
		r.fail(fmt.Errorf("template %s: %s", name, describeError(err)))
	}

	still, waitErr := awaitUnlisted(timing, accepted, func(ctx context.Context) (map[string]bool, error) {
		return liveTemplateNames(ctx, c, client.TemplateFilter{})
	})
	for _, name := range accepted {
		if still[name] {
			r.fail(fmt.Errorf("template %s: %s", name, waitErr))
			continue
		}
		r.removed = append(r.removed, name)
	}
	return r
}

// prefixedTemplateNames returns the sorted, distinct names starting with
// prefix that still have a live language (one already being deleted is not
// a leftover), and how many other names exist.
func prefixedTemplateNames(list []client.Template, prefix string) ([]string, int) {
	live, others := map[string]bool{}, map[string]bool{}
	for _, t := range list {
		switch {
		case !strings.HasPrefix(t.Name, prefix):
			others[t.Name] = true
		case !templateGone[t.Status]:
			live[t.Name] = true
		}
	}
	return slices.Sorted(maps.Keys(live)), len(others)
}

// liveTemplateNames lists the names that have at least one language not
// already being deleted.
func liveTemplateNames(ctx context.Context, c *client.Client, filter client.TemplateFilter) (map[string]bool, error) {
	list, err := c.ListTemplates(ctx, filter)
	if err != nil {
		return nil, err
	}
	live := map[string]bool{}
	for _, t := range list {
		if !templateGone[t.Status] {
			live[t.Name] = true
		}
	}
	return live, nil
}
