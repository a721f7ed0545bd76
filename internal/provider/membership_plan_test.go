package provider

import (
	"reflect"
	"testing"

	"github.com/d360/terraform-provider-d360/internal/client"
)

func joinReq(id, waID string, ts int64) client.JoinRequest {
	return client.JoinRequest{ID: id, WaID: waID, CreationTimestamp: client.FlexInt64(ts)}
}

func TestPlanMembership(t *testing.T) {
	live := liveMembership{
		mode:         client.JoinApprovalRequired,
		participants: []string{"15550100003", "15550100001", "15550100009"},
		requests: []client.JoinRequest{
			joinReq("r4", "15550100004", 40),
			joinReq("r2", "15550100002", 20),
			joinReq("r8", "15550100008", 10),
		},
	}
	// Listed in other spellings than the API's.
	approve := []string{"+1 555 010 0001", "+1 (555) 010-0002", "1.555.010.0004"}

	tests := []struct {
		name                              string
		reject, remove                    bool
		wantApprove, wantReject, wantRemv []string
	}{
		{name: "approve only", wantApprove: []string{"15550100002", "15550100004"}},
		{name: "reject unlisted", reject: true, wantApprove: []string{"15550100002", "15550100004"}, wantReject: []string{"15550100008"}},
		{name: "remove unlisted", remove: true, wantApprove: []string{"15550100002", "15550100004"}, wantRemv: []string{"15550100003", "15550100009"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := planMembership(live, newMembershipPolicy(approve, tc.reject, tc.remove))
			expectIDs(t, "approvals", w.approvalIDs(), tc.wantApprove)
			expectIDs(t, "rejections", w.rejectionIDs(), tc.wantReject)
			expectIDs(t, "removals", w.removalIDs(), tc.wantRemv)
		})
	}

	// Approvals run oldest request first, so a nearly full group admits the
	// users who asked first.
	w := planMembership(live, newMembershipPolicy(approve, false, false))
	if w.approve[0].ID != "r2" || w.approve[1].ID != "r4" {
		t.Errorf("approval order %v, want r2 then r4", w.approve)
	}
}

func TestPlanMembershipNothingToDo(t *testing.T) {
	live := liveMembership{mode: client.JoinApprovalAuto, participants: []string{"15550100001"}}
	w := planMembership(live, newMembershipPolicy([]string{"+15550100001"}, true, true))
	if !w.empty() {
		t.Errorf("work %+v, want none", w)
	}
	// An empty policy with remove_unlisted removes everyone: the plan must
	// list them all.
	w = planMembership(live, newMembershipPolicy(nil, false, true))
	expectIDs(t, "removals", w.removalIDs(), []string{"15550100001"})
}

func TestRestrictTo(t *testing.T) {
	w := membershipWork{
		approve: []client.JoinRequest{joinReq("r1", "15550100001", 1), joinReq("r5", "15550100005", 5)},
		reject:  []client.JoinRequest{joinReq("r2", "15550100002", 2)},
		remove:  []string{"15550100003", "15550100004"},
	}
	// The plan showed 1 (still pending), 6 (withdrew since), rejection of 2,
	// and the removal of 3 only; 5 asked and 4 joined after the plan.
	got, skipped := w.restrictTo(
		keySet([]string{"15550100001", "15550100006"}),
		keySet([]string{"15550100002"}),
		keySet([]string{"15550100003"}),
	)
	expectIDs(t, "approvals", got.approvalIDs(), []string{"15550100001"})
	expectIDs(t, "rejections", got.rejectionIDs(), []string{"15550100002"})
	expectIDs(t, "removals", got.removalIDs(), []string{"15550100003"})
	expectIDs(t, "skipped", skipped, []string{"15550100006"})

	// Unknown plan values (the resource is being created) keep all the work.
	all, skipped := w.restrictTo(nil, nil, nil)
	if !reflect.DeepEqual(all, w) || len(skipped) != 0 {
		t.Errorf("restrictTo(nil) = %+v, %v; want the work unchanged", all, skipped)
	}
}

func TestDuplicateSpellings(t *testing.T) {
	got := duplicateSpellings([]string{"+1 555 010 0001", "15550100001", "15550100002", "not a number"})
	want := map[string][]string{"15550100001": {"+1 555 010 0001", "15550100001"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("duplicateSpellings = %v, want %v", got, want)
	}
}

func TestChunk(t *testing.T) {
	ids := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17"}
	batches := chunk(ids, client.MaxParticipantsPerRemoval)
	if len(batches) != 3 || len(batches[0]) != 8 || len(batches[1]) != 8 || len(batches[2]) != 1 {
		t.Fatalf("chunk sizes %v", batches)
	}
	// Appending to a batch must not overwrite the next one.
	_ = append(batches[0], "x")
	if batches[1][0] != "9" {
		t.Errorf("batches share memory: %v", batches)
	}
	if chunk([]string{}, 8) != nil {
		t.Errorf("no items must give no batches")
	}
}

func expectIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
