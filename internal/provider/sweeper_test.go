package provider

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// Sweepers delete what interrupted live acceptance runs left behind:
//
//	D360_API_KEY=... [D360_BASE_URL=...] go test ./internal/provider -v -sweep=all
//
// They only ever delete objects whose names carry the test prefixes, so they
// are safe on a number that also holds other groups and templates. The
// framework calls the sweep argument a region; one API key addresses one
// phone number, so any value (conventionally "all") sweeps that number.

// TestMain runs the sweepers when -sweep is given, the tests otherwise.
func TestMain(m *testing.M) {
	resource.TestMain(m)
}

// groupSweeper and templateSweeper are kept in variables so the proof test
// can run exactly what -sweep runs.
var (
	groupSweeper = &resource.Sweeper{
		Name: "d360_group",
		F: func(string) error {
			return runSweep(func(c *client.Client, timing Timing) sweepReport {
				return sweepGroups(c, timing, testNamePrefix)
			})
		},
	}
	templateSweeper = &resource.Sweeper{
		Name: "d360_invite_template",
		F: func(string) error {
			return runSweep(func(c *client.Client, timing Timing) sweepReport {
				return sweepTemplates(c, timing, testTemplatePrefix)
			})
		},
	}
)

func init() {
	resource.AddTestSweepers(groupSweeper.Name, groupSweeper)
	resource.AddTestSweepers(templateSweeper.Name, templateSweeper)
}

// runSweep builds a client from the environment, runs sweep and logs its
// report. The error lists every object that could not be removed.
func runSweep(sweep func(*client.Client, Timing) sweepReport) error {
	c, timing, err := sweepClientFromEnv()
	if err != nil {
		return err
	}
	report := sweep(c, timing)
	for _, line := range report.lines(c.BaseURL()) {
		log.Print(line)
	}
	return report.err()
}

// sweepClientFromEnv is the client of the number whose leftovers are swept.
// The key comes from the environment only and is never printed.
func sweepClientFromEnv() (*client.Client, Timing, error) {
	backend, err := accBackend()
	if err != nil {
		return nil, Timing{}, err
	}
	if backend == backendMeta {
		return metaSweepClientFromEnv()
	}
	key := os.Getenv(EnvAPIKey)
	if strings.TrimSpace(key) == "" {
		return nil, Timing{}, fmt.Errorf("%s is not set: the sweepers delete test leftovers on the phone number of that key "+
			"(at %s, default %s)", EnvAPIKey, EnvBaseURL, client.DefaultBaseURL)
	}
	base := os.Getenv(EnvBaseURL)
	if base == "" {
		base = client.DefaultBaseURL
	}
	timing, err := liveTiming()
	if err != nil {
		return nil, Timing{}, err
	}
	c, err := client.New(client.Config{
		BaseURL:        base,
		APIKey:         key,
		UserAgent:      "terraform-provider-d360-sweeper",
		RequestTimeout: timing.RequestTimeout,
		Retry:          timing.Retry,
	})
	if err != nil {
		return nil, Timing{}, fmt.Errorf("%s: %w", EnvBaseURL, err)
	}
	return c, timing, nil
}

// checkSweepPrefix refuses to sweep without a name filter: a sweeper whose
// prefix is empty would delete every group or template of the number.
func checkSweepPrefix(prefix string) error {
	if strings.TrimSpace(prefix) == "" {
		return errors.New("refusing to sweep without a name prefix: every object of the number would match")
	}
	return nil
}

// sweepReport says what one sweeper did. Objects are described as
// `id "name"` for groups and by name for templates.
type sweepReport struct {
	kind   string // "group" or "template"
	prefix string
	// removed were deleted by this sweep; alreadyGone matched but had
	// disappeared by the time the sweep deleted them (another run's cleanup,
	// a test still in flight).
	removed     []string
	alreadyGone []string
	// kept counts the objects without the prefix, left alone (templates
	// by name: the languages of one name count once).
	kept     int
	failures []error
}

func (r *sweepReport) fail(err error) { r.failures = append(r.failures, err) }

// lines renders the report for the sweep log.
func (r sweepReport) lines(baseURL string) []string {
	out := []string{fmt.Sprintf("[INFO] d360 %s sweeper at %s (names starting with %q): %d removed, %d already gone, %d failed, %d left alone",
		r.kind, baseURL, r.prefix, len(r.removed), len(r.alreadyGone), len(r.failures), r.kept)}
	for _, s := range r.removed {
		out = append(out, fmt.Sprintf("[INFO]   removed %s %s", r.kind, s))
	}
	for _, s := range r.alreadyGone {
		out = append(out, fmt.Sprintf("[INFO]   already gone: %s %s", r.kind, s))
	}
	for _, err := range r.failures {
		out = append(out, fmt.Sprintf("[ERROR]  %s", err))
	}
	return out
}

// err is nil when every matching object is gone.
func (r sweepReport) err() error {
	if len(r.failures) == 0 {
		return nil
	}
	return fmt.Errorf("the %s sweeper could not remove everything starting with %q (%d problems): %w",
		r.kind, r.prefix, len(r.failures), errors.Join(r.failures...))
}

// awaitUnlisted waits until none of keys is listed any more: deletions
// complete asynchronously, and an object counts as removed only once the
// list, where the next sweep would find it again, no longer shows it. It
// returns the keys still listed when the delete timeout passed (or all of
// them if the list could not be read) with the reason.
func awaitUnlisted(timing Timing, keys []string, listed func(context.Context) (map[string]bool, error)) (map[string]bool, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), timing.DeleteTimeout)
	defer cancel()
	still := map[string]bool{}
	err := pollUntil(ctx, timing, func(ctx context.Context) (bool, error) {
		live, err := listed(ctx)
		if err != nil {
			return false, err
		}
		clear(still)
		for _, k := range keys {
			if live[k] {
				still[k] = true
			}
		}
		return len(still) == 0, nil
	})
	switch {
	case err == nil:
		return nil, nil
	case errors.Is(err, context.DeadlineExceeded) && len(still) > 0:
		return still, fmt.Errorf("still listed %s after the deletion was accepted", timing.DeleteTimeout)
	default:
		for _, k := range keys {
			still[k] = true
		}
		return still, fmt.Errorf("deletion accepted but not confirmed: %s", describeError(err))
	}
}
