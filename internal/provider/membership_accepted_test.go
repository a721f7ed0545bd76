package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// A removal answered with only a request id (issue 13 item 10) is confirmed
// by reading the group: a user who left is removed, a user still there after
// the bounded wait is a failure, not a success, and the apply does not wait
// out its timeout.
func TestReconcileRemovalAnsweredWithOnlyARequestID(t *testing.T) {
	api := &fakeMembershipAPI{mode: client.JoinApprovalAuto, participants: []string{"15550100001", "15550100002", "15550100003"}}
	api.removalLag = 2
	api.onRemove = func(users []string) (client.RemoveParticipantsResult, error) {
		// The API removes one user (after a lag) and fails the other one
		// silently: the failure goes to a webhook.
		api.removeParticipant("15550100002")
		return client.RemoveParticipantsResult{RequestID: "rq1", Removed: users, Unconfirmed: true}, nil
	}
	timing := fastTiming()
	timing.AmbiguousCreateWait = 100 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	live, err := readLiveMembership(ctx, api, "g1")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, after, err := newReconciler(api, "g1", timing).run(ctx, planMembership(live, newMembershipPolicy([]string{"15550100001"}, false, true)))
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %s: the wait for an unconfirmed removal must be bounded", elapsed)
	}
	expectIDs(t, "removed", out.removed, []string{"15550100002"})
	if len(out.failures) != 1 || out.failures[0].user != "15550100003" || !strings.Contains(out.failures[0].message(), "Not removed") ||
		!strings.Contains(out.failures[0].message(), "webhook") {
		t.Fatalf("failures %+v", out.failures)
	}
	expectIDs(t, "participants after", after.participants, []string{"15550100001", "15550100003"})
}
