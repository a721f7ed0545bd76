package provider

import (
	"context"
	"testing"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// Request counts and the emulator's own view of its objects exist only
// against the emulator. Tests that run in live mode too keep those
// assertions as emulator-only sub-checks instead of skipping as a whole.

// resetCounters zeroes the emulator's request counters; live mode has none.
func (e *accEnv) resetCounters() {
	if e.Emulator != nil {
		e.Emulator.ResetCounters()
	}
}

// onEmulator returns a check that runs check against the emulator and passes
// in live mode, where there are no counters to look at.
func (e *accEnv) onEmulator(check func(em *emulator.Emulator) error) func() error {
	return func() error {
		if e.Emulator == nil {
			return nil
		}
		return check(e.Emulator)
	}
}

// groupsWithSubject counts the groups the API lists under subject (in live
// mode the number may hold other groups, so a test counts only its own).
func (e *accEnv) groupsWithSubject(t *testing.T, subject string) int {
	t.Helper()
	groups, err := e.apiClient().ListGroups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, g := range groups {
		if g.Subject == subject {
			n++
		}
	}
	return n
}

// inviteLink reads a group's current invite link through the API.
func (e *accEnv) inviteLink(t *testing.T, groupID string) string {
	t.Helper()
	link, err := e.apiClient().GetInviteLink(context.Background(), groupID)
	if err != nil {
		t.Fatalf("reading the invite link of group %s: %v", groupID, err)
	}
	return link
}

// resetInviteLinkOutOfBand resets a group's invite link through the API, as
// a person with the same key would, and returns the new link.
func (e *accEnv) resetInviteLinkOutOfBand(t *testing.T, groupID string) string {
	t.Helper()
	link, err := e.apiClient().ResetInviteLink(context.Background(), groupID)
	if err != nil {
		t.Fatalf("resetting the invite link of group %s out of band: %v", groupID, err)
	}
	return link
}

// require360dialog skips, in live mode with the meta backend, a test that
// configures the provider for 360dialog: the live endpoint is Meta's then.
// Against the emulator, which serves both, it always runs.
func (e *accEnv) require360dialog(t *testing.T) {
	t.Helper()
	if e.Emulator == nil && e.Backend == backendMeta {
		t.Skip("live mode with the meta backend: this test configures the 360dialog backend")
	}
}
