package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// Checks shared by the invite link and invite template tests.

// invitePhrase matches a phrase of an error message however Terraform wraps
// its lines.
func invitePhrase(phrase string) *regexp.Regexp {
	words := strings.Fields(phrase)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

// invitePlanCheckFunc adapts a function to plancheck.PlanCheck.
type invitePlanCheckFunc func(ctx context.Context, plan *tfjson.Plan) error

func (f invitePlanCheckFunc) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if err := f(ctx, req.Plan); err != nil {
		resp.Error = err
	}
}

// inviteExpectCalls checks the emulator's call counters: want maps a route to its
// count, and total (when >= 0) bounds every call together. With no emulator
// (live mode) there are no counters and the check passes.
func inviteExpectCalls(em *emulator.Emulator, total int, want map[string]int) func() error {
	return func() error {
		if em == nil {
			return nil
		}
		for route, n := range want {
			if got := em.Calls(route); got != n {
				return fmt.Errorf("%s was called %d times, want %d (all calls: %v)", route, got, n, em.CallCounts())
			}
		}
		if total >= 0 && em.TotalCalls() != total {
			return fmt.Errorf("%d API calls, want %d (%v)", em.TotalCalls(), total, em.CallCounts())
		}
		return nil
	}
}

// invitePlanCalls runs inviteExpectCalls as a plan check: in a PreApply check it counts
// exactly the refresh of the step's plan (PreConfig resets the counters).
func invitePlanCalls(em *emulator.Emulator, total int, want map[string]int) plancheck.PlanCheck {
	check := inviteExpectCalls(em, total, want)
	return invitePlanCheckFunc(func(context.Context, *tfjson.Plan) error { return check() })
}

// inviteStateCalls runs inviteExpectCalls as a state check.
func inviteStateCalls(em *emulator.Emulator, total int, want map[string]int) statecheck.StateCheck {
	check := inviteExpectCalls(em, total, want)
	return stateCheckFunc(func(context.Context, *tfjson.State) error { return check() })
}

// inviteStateString reads a string attribute of a resource in the state.
func inviteStateString(state *tfjson.State, address, attribute string) (string, error) {
	v, err := stateAttribute(state, address, attribute)
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s.%s is %T (%v), not a string", address, attribute, v, v)
	}
	return s, nil
}

// inviteCheck adapts a plain function to a state check.
func inviteCheck(f func() error) statecheck.StateCheck {
	return stateCheckFunc(func(context.Context, *tfjson.State) error { return f() })
}

// reviewWhenSubmitted plays WhatsApp's reviewer: as soon as the template
// name+language is submitted, it sets its status. It stops with the test.
func reviewWhenSubmitted(t *testing.T, em *emulator.Emulator, name, language, status, reason string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	// Stop the reviewer and wait for it, so it never reports after the test.
	t.Cleanup(func() { cancel(); <-done })
	go func() {
		defer close(done)
		ticker := time.NewTicker(5 * time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
			for _, tpl := range em.Templates() {
				if tpl.Name == name && tpl.Language == language {
					if err := em.SetTemplateStatus(name, language, status, reason); err != nil {
						t.Errorf("review of %s/%s: %v", name, language, err)
					}
					return
				}
			}
		}
	}()
}
