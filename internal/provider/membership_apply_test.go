package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// fakeMembershipAPI is a group held in memory. Hooks decide what each call
// answers; by default every call succeeds and takes effect at once.
type fakeMembershipAPI struct {
	mu           sync.Mutex
	mode         string
	participants []string
	requests     []client.JoinRequest

	onRemove  func(users []string) (client.RemoveParticipantsResult, error)
	onApprove func(ids []string) (client.BatchResult, error)
	onReject  func(ids []string) (client.BatchResult, error)
	// removalLag hides removals from this many reads (the API removes
	// asynchronously).
	removalLag int
	lagging    []string

	removeCalls  [][]string
	approveCalls [][]string
	rejectCalls  [][]string
	reads        int
}

func (f *fakeMembershipAPI) GetGroup(_ context.Context, _ string, _ ...string) (client.Group, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	g := client.Group{JoinApprovalMode: f.mode}
	for _, p := range f.participants {
		g.Participants = append(g.Participants, client.Participant{WaID: p})
	}
	if f.removalLag > 0 {
		f.removalLag--
		for _, p := range f.lagging {
			g.Participants = append(g.Participants, client.Participant{WaID: p})
		}
	}
	return g, nil
}

func (f *fakeMembershipAPI) ListJoinRequests(context.Context, string) ([]client.JoinRequest, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests), nil
}

func (f *fakeMembershipAPI) ApproveJoinRequests(_ context.Context, _ string, ids []string) (client.BatchResult, error) {
	f.approveCalls = append(f.approveCalls, ids)
	if f.onApprove != nil {
		return f.onApprove(ids)
	}
	for _, id := range ids {
		f.admit(id)
	}
	return client.BatchResult{Succeeded: ids}, nil
}

func (f *fakeMembershipAPI) RejectJoinRequests(_ context.Context, _ string, ids []string) (client.BatchResult, error) {
	f.rejectCalls = append(f.rejectCalls, ids)
	if f.onReject != nil {
		return f.onReject(ids)
	}
	for _, id := range ids {
		f.dropRequest(id)
	}
	return client.BatchResult{Succeeded: ids}, nil
}

func (f *fakeMembershipAPI) RemoveParticipants(_ context.Context, _ string, users []string) (client.RemoveParticipantsResult, error) {
	f.removeCalls = append(f.removeCalls, users)
	if f.onRemove != nil {
		return f.onRemove(users)
	}
	for _, u := range users {
		f.removeParticipant(u)
	}
	return client.RemoveParticipantsResult{Removed: users}, nil
}

func (f *fakeMembershipAPI) admit(requestID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, q := range f.requests {
		if q.ID == requestID {
			f.participants = append(f.participants, q.WaID)
			f.requests = slices.Delete(f.requests, i, i+1)
			return
		}
	}
}

func (f *fakeMembershipAPI) dropRequest(requestID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = slices.DeleteFunc(f.requests, func(q client.JoinRequest) bool { return q.ID == requestID })
}

func (f *fakeMembershipAPI) removeParticipant(user string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.removalLag > 0 {
		f.lagging = append(f.lagging, user)
	}
	f.participants = slices.DeleteFunc(f.participants, func(p string) bool { return p == user })
}

func fastTiming() Timing {
	return Timing{PollInitial: time.Millisecond, PollMax: 5 * time.Millisecond}
}

func runWork(t *testing.T, api *fakeMembershipAPI, policy membershipPolicy) (membershipOutcome, liveMembership) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	live, err := readLiveMembership(ctx, api, "g1")
	if err != nil {
		t.Fatal(err)
	}
	out, after, err := newReconciler(api, "g1", fastTiming()).run(ctx, planMembership(live, policy))
	if err != nil {
		t.Fatal(err)
	}
	return out, after
}

func TestReconcileRemovesInBatchesOfEight(t *testing.T) {
	api := &fakeMembershipAPI{mode: client.JoinApprovalAuto}
	for i := range 17 {
		api.participants = append(api.participants, fmt.Sprintf("155501000%02d", i))
	}
	api.participants = append(api.participants, "15550100099")
	out, after := runWork(t, api, newMembershipPolicy([]string{"+1 555 010 0099"}, false, true))

	if len(api.removeCalls) != 3 || len(api.removeCalls[0]) != 8 || len(api.removeCalls[1]) != 8 || len(api.removeCalls[2]) != 1 {
		t.Fatalf("removal calls %v, want batches of 8, 8 and 1", api.removeCalls)
	}
	if len(out.removed) != 17 || len(out.failures) != 0 {
		t.Errorf("outcome %+v", out)
	}
	expectIDs(t, "participants after", after.participants, []string{"15550100099"})
}

func TestReconcilePartialApprovalFailure(t *testing.T) {
	api := &fakeMembershipAPI{
		mode:         client.JoinApprovalRequired,
		participants: []string{"15550100001"},
		requests:     []client.JoinRequest{joinReq("r2", "15550100002", 2), joinReq("r3", "15550100003", 3)},
	}
	api.onApprove = func(ids []string) (client.BatchResult, error) {
		api.admit("r2")
		return client.BatchResult{
			Succeeded: []string{"r2"},
			Failed: []client.ItemFailure{{ID: "r3", Errors: []client.APIError{{
				Code: client.CodeParticipantOverlimit, Title: "Participant overlimit", Details: "Group participant size exceeds limit",
			}}}},
		}, nil
	}
	out, after := runWork(t, api, newMembershipPolicy([]string{"15550100001", "15550100002", "15550100003"}, false, false))

	expectIDs(t, "approved", out.approved, []string{"15550100002"})
	if len(out.failures) != 1 || out.failures[0].user != "15550100003" || out.failures[0].err.Code != client.CodeParticipantOverlimit {
		t.Fatalf("failures %+v", out.failures)
	}
	if got := out.failures[0].message(); got != "Participant overlimit: Group participant size exceeds limit" {
		t.Errorf("message %q", got)
	}
	if len(after.requests) != 1 || after.requests[0].ID != "r3" {
		t.Errorf("pending after %v", after.requests)
	}

	var diags diag.Diagnostics
	reportOutcome("g1", out, &diags)
	if diags.HasError() || len(diags.Warnings()) != 1 {
		t.Fatalf("want one warning, got %v", diags)
	}
	detail := diags.Warnings()[0].Detail()
	for _, want := range []string{"15550100003: 131204 Participant overlimit", "The group is full: the documented limit is 8", "The rest of the work was done"} {
		if !strings.Contains(detail, want) {
			t.Errorf("warning %q lacks %q", detail, want)
		}
	}
}

func TestReconcileNothingSucceededIsAnError(t *testing.T) {
	api := &fakeMembershipAPI{
		mode:     client.JoinApprovalRequired,
		requests: []client.JoinRequest{joinReq("r2", "15550100002", 2)},
	}
	api.onApprove = func([]string) (client.BatchResult, error) {
		return client.BatchResult{Failed: []client.ItemFailure{{ID: "r2", Errors: []client.APIError{{
			Code: client.CodeTermsNotAccepted, Title: "Unable to add participant to group", Details: "Recipient has not accepted our new Terms of Service and Privacy Policy.",
		}}}}}, nil
	}
	out, _ := runWork(t, api, newMembershipPolicy([]string{"15550100002"}, false, false))
	var diags diag.Diagnostics
	reportOutcome("g1", out, &diags)
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), "131203 Unable to add participant to group: Recipient has not accepted") {
		t.Fatalf("want an error naming 131203, got %v", diags)
	}
}

func TestReconcileWholeBatchFailure(t *testing.T) {
	api := &fakeMembershipAPI{
		mode:     client.JoinApprovalRequired,
		requests: []client.JoinRequest{joinReq("r2", "15550100002", 2), joinReq("r3", "15550100003", 3)},
	}
	api.onReject = func([]string) (client.BatchResult, error) {
		return client.BatchResult{}, &client.APIError{HTTPStatus: 403, Code: client.CodeGroupSuspended, Title: "Group suspended"}
	}
	out, _ := runWork(t, api, newMembershipPolicy(nil, true, false))
	if len(out.failures) != 2 || out.failures[0].err.Code != client.CodeGroupSuspended || out.failures[0].action != actionReject {
		t.Fatalf("failures %+v", out.failures)
	}
}

// A lost response is never answered by sending the call again: the read
// after the work decides what happened.
func TestReconcileUnclearOutcomeIsNotRetried(t *testing.T) {
	api := &fakeMembershipAPI{
		mode:         client.JoinApprovalRequired,
		participants: []string{"15550100005", "15550100006"},
		requests:     []client.JoinRequest{joinReq("r2", "15550100002", 2), joinReq("r3", "15550100003", 3)},
	}
	lost := &client.AmbiguousError{Operation: "approve join requests", Err: errors.New("connection reset")}
	api.onApprove = func([]string) (client.BatchResult, error) {
		api.admit("r2") // carried out for one user before the connection broke
		return client.BatchResult{}, lost
	}
	api.onRemove = func(users []string) (client.RemoveParticipantsResult, error) {
		api.removeParticipant("15550100005")
		return client.RemoveParticipantsResult{}, &client.AmbiguousError{Operation: "remove participants", Err: errors.New("EOF")}
	}
	out, _ := runWork(t, api, newMembershipPolicy([]string{"15550100002", "15550100003"}, false, true))

	if len(api.approveCalls) != 1 || len(api.removeCalls) != 1 {
		t.Fatalf("calls approve %v remove %v: an unclear call must not be repeated", api.approveCalls, api.removeCalls)
	}
	expectIDs(t, "approved", out.approved, []string{"15550100002"})
	expectIDs(t, "removed", out.removed, []string{"15550100005"})
	if len(out.failures) != 2 {
		t.Fatalf("failures %+v", out.failures)
	}
	for _, f := range out.failures {
		if f.err.Code != 0 || !strings.Contains(f.message(), "Outcome unknown") {
			t.Errorf("failure %+v should be an unknown outcome", f)
		}
	}
}

func TestReconcileWaitsForAsynchronousRemoval(t *testing.T) {
	api := &fakeMembershipAPI{mode: client.JoinApprovalAuto, participants: []string{"15550100001", "15550100002"}}
	api.removalLag = 3
	_, after := runWork(t, api, newMembershipPolicy([]string{"15550100001"}, false, true))
	expectIDs(t, "participants after", after.participants, []string{"15550100001"})
	if api.reads < 4 {
		t.Errorf("only %d reads: the removal was not waited for", api.reads)
	}
}

func TestReconcileMapsEchoedSpellings(t *testing.T) {
	api := &fakeMembershipAPI{mode: client.JoinApprovalAuto, participants: []string{"15550100001", "15550100002"}}
	api.onRemove = func(users []string) (client.RemoveParticipantsResult, error) {
		api.removeParticipant("15550100002")
		return client.RemoveParticipantsResult{
			Removed: []string{"+15550100002"},
			Failed:  []client.ItemFailure{{ID: "+1 555 010 0001", Errors: []client.APIError{{Code: client.CodeNotAParticipant, Title: "Participant is not a part of the group"}}}},
		}, nil
	}
	out, _ := runWork(t, api, newMembershipPolicy(nil, false, true))
	expectIDs(t, "removed", out.removed, []string{"15550100002"})
	if len(out.failures) != 1 || out.failures[0].user != "15550100001" {
		t.Errorf("failures %+v", out.failures)
	}
}
