package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// membershipAPI is the part of the client a membership reconcile uses; unit
// tests substitute a fake.
type membershipAPI interface {
	GetGroup(ctx context.Context, groupID string, fields ...string) (client.Group, error)
	ListJoinRequests(ctx context.Context, groupID string) ([]client.JoinRequest, error)
	ApproveJoinRequests(ctx context.Context, groupID string, ids []string) (client.BatchResult, error)
	RejectJoinRequests(ctx context.Context, groupID string, ids []string) (client.BatchResult, error)
	RemoveParticipants(ctx context.Context, groupID string, users []string) (client.RemoveParticipantsResult, error)
}

// maxJoinRequestsPerCall bounds one approve or reject call. The API
// documents no maximum (CONTRACT.md §3.7); a moderate batch keeps one
// failing call from taking a large backlog of requests down with it.
const maxJoinRequestsPerCall = 50

// Reconcile actions, as recorded in last_reconciled.failures.
const (
	actionApprove = "approve"
	actionReject  = "reject"
	actionRemove  = "remove"
)

// readLiveMembership reads the participants and, for groups that have them,
// every page of pending join requests.
func readLiveMembership(ctx context.Context, api membershipAPI, groupID string) (liveMembership, error) {
	g, err := api.GetGroup(ctx, groupID, client.FieldJoinApprovalMode, client.FieldParticipants)
	if err != nil {
		return liveMembership{}, err
	}
	live := liveMembership{mode: g.JoinApprovalMode, people: map[string]userIdentity{}}
	if live.mode == "" {
		live.mode = client.JoinApprovalAuto // the API's default (CONTRACT.md §3.1)
	}
	for _, p := range g.Participants {
		u := identityOfParticipant(p)
		if k := u.primary(); k != "" {
			live.participants = append(live.participants, k)
			live.people[k] = u
		}
	}
	live.participants = sortedUnique(live.participants)
	if hasJoinRequests(live.mode) {
		if live.requests, err = api.ListJoinRequests(ctx, groupID); err != nil {
			return liveMembership{}, err
		}
		sortRequests(live.requests)
	}
	return live, nil
}

// membershipFailure is one user the API refused to process.
type membershipFailure struct {
	user   string
	action string
	err    client.APIError
}

// message renders the failure as "title: details" (the code has its own
// attribute).
func (f membershipFailure) message() string {
	parts := []string{}
	if f.err.Title != "" {
		parts = append(parts, f.err.Title)
	}
	switch {
	case f.err.Details != "":
		parts = append(parts, f.err.Details)
	case f.err.Message != "" && f.err.Message != f.err.Title:
		parts = append(parts, f.err.Message)
	}
	return strings.Join(parts, ": ")
}

// membershipOutcome is what one apply did.
type membershipOutcome struct {
	approved, rejected, removed, skipped []string
	failures                             []membershipFailure
}

func (o membershipOutcome) succeeded() int {
	return len(o.approved) + len(o.rejected) + len(o.removed)
}

// reconciler carries out membership work for one group.
type reconciler struct {
	api     membershipAPI
	groupID string
	timing  Timing

	out membershipOutcome
	// unclear holds work whose response was lost: the API may or may not
	// have carried it out. It is never sent again; the final read decides.
	unclearRequests map[string]client.JoinRequest // by request id
	unclearAction   map[string]string             // request id -> action
	unclearRemovals []string
	// settled* is work the API accepted, whose effect the final read waits for.
	settledRequests map[string]bool
	settledRemovals map[string]bool
	// acceptedRemovals were answered with only a request id: the API reports
	// failures for them by webhook, which Terraform cannot receive, so the
	// final read decides, after waiting at most until acceptedUntil.
	acceptedRemovals []string
	acceptedUntil    time.Time
}

func newReconciler(api membershipAPI, groupID string, timing Timing) *reconciler {
	return &reconciler{
		api: api, groupID: groupID, timing: timing,
		unclearRequests: map[string]client.JoinRequest{}, unclearAction: map[string]string{},
		settledRequests: map[string]bool{}, settledRemovals: map[string]bool{},
	}
}

// run does the work and returns the group as it is afterwards. Removals go
// first so that approvals find room in a group of at most 8 participants.
func (r *reconciler) run(ctx context.Context, w membershipWork) (membershipOutcome, liveMembership, error) {
	for _, batch := range chunk(w.remove, client.MaxParticipantsPerRemoval) {
		r.remove(ctx, batch)
	}
	for _, batch := range chunk(w.reject, maxJoinRequestsPerCall) {
		r.decide(ctx, actionReject, batch)
	}
	for _, batch := range chunk(w.approve, maxJoinRequestsPerCall) {
		r.decide(ctx, actionApprove, batch)
	}
	live, err := r.settle(ctx)
	if err != nil {
		return r.out, live, err
	}
	r.resolveUnclear(live)
	r.resolveAccepted(live)
	r.out.approved = sortedUnique(r.out.approved)
	r.out.rejected = sortedUnique(r.out.rejected)
	r.out.removed = sortedUnique(r.out.removed)
	r.out.skipped = sortedUnique(r.out.skipped)
	return r.out, live, nil
}

func (r *reconciler) remove(ctx context.Context, users []string) {
	res, err := r.api.RemoveParticipants(ctx, r.groupID, users)
	if err != nil {
		r.batchFailed(ctx, actionRemove, users, nil, err)
		return
	}
	if res.Unconfirmed {
		r.acceptedRemovals = append(r.acceptedRemovals, users...)
		r.acceptedUntil = time.Now().Add(r.timing.AmbiguousCreateWait)
		return
	}
	failed := map[string]bool{}
	for _, f := range res.Failed {
		user := matchUser(f.ID, users)
		failed[user] = true
		r.out.failures = append(r.out.failures, membershipFailure{user: user, action: actionRemove, err: firstError(f.Errors, res.Errors)})
	}
	for _, u := range res.Removed {
		user := matchUser(u, users)
		if !failed[user] {
			r.out.removed = append(r.out.removed, user)
			r.settledRemovals[liveUserKey(user)] = true
		}
	}
}

// decide approves or rejects one batch of join requests.
func (r *reconciler) decide(ctx context.Context, action string, reqs []client.JoinRequest) {
	ids := make([]string, 0, len(reqs))
	byID := make(map[string]client.JoinRequest, len(reqs))
	for _, q := range reqs {
		ids = append(ids, q.ID)
		byID[q.ID] = q
	}
	call := r.api.ApproveJoinRequests
	if action == actionReject {
		call = r.api.RejectJoinRequests
	}
	res, err := call(ctx, r.groupID, ids)
	if err != nil {
		r.batchFailed(ctx, action, nil, reqs, err)
		return
	}
	answered := map[string]bool{}
	for _, f := range res.Failed {
		q, ok := byID[f.ID]
		if !ok {
			continue
		}
		answered[f.ID] = true
		r.out.failures = append(r.out.failures, membershipFailure{user: q.Key(), action: action, err: firstError(f.Errors, res.Errors)})
	}
	for _, id := range res.Succeeded {
		q, ok := byID[id]
		if !ok || answered[id] {
			continue
		}
		answered[id] = true
		r.settledRequests[id] = true
		if action == actionApprove {
			r.out.approved = append(r.out.approved, q.Key())
		} else {
			r.out.rejected = append(r.out.rejected, q.Key())
		}
	}
	// A request the answer does not mention is judged by the final read,
	// like a lost response.
	for _, q := range reqs {
		if !answered[q.ID] {
			r.unclearRequests[q.ID] = q
			r.unclearAction[q.ID] = action
		}
	}
}

// batchFailed records a call that failed as a whole: every user of the batch
// failed with the same error, unless the outcome is unclear.
func (r *reconciler) batchFailed(ctx context.Context, action string, users []string, reqs []client.JoinRequest, err error) {
	if client.IsAmbiguous(err) {
		tflog.Warn(ctx, "the outcome of a membership call is unknown; the final read decides", map[string]any{"action": action, "error": err.Error()})
		r.unclearRemovals = append(r.unclearRemovals, users...)
		for _, q := range reqs {
			r.unclearRequests[q.ID] = q
			r.unclearAction[q.ID] = action
		}
		return
	}
	apiErr := asAPIError(err)
	for _, u := range users {
		r.out.failures = append(r.out.failures, membershipFailure{user: u, action: action, err: apiErr})
	}
	for _, q := range reqs {
		r.out.failures = append(r.out.failures, membershipFailure{user: q.Key(), action: action, err: apiErr})
	}
}

// settle reads the group until the accepted work shows (the API applies
// removals asynchronously), so the state written after apply matches the
// next refresh. When the operation's time runs out it keeps the last read:
// the work was accepted, only its visibility lags.
func (r *reconciler) settle(ctx context.Context) (liveMembership, error) {
	var live liveMembership
	err := pollUntil(ctx, r.timing, func(ctx context.Context) (bool, error) {
		var err error
		if live, err = readLiveMembership(ctx, r.api, r.groupID); err != nil {
			return false, err
		}
		return r.visible(live), nil
	})
	if err != nil && errors.Is(err, context.DeadlineExceeded) && live.mode != "" {
		tflog.Warn(ctx, "membership changes accepted by the API are not all visible yet", map[string]any{"group_id": r.groupID})
		return live, nil
	}
	return live, err
}

func (r *reconciler) visible(live liveMembership) bool {
	for _, p := range live.participants {
		if r.settledRemovals[liveUserKey(p)] {
			return false
		}
	}
	for _, q := range live.requests {
		if r.settledRequests[q.ID] {
			return false
		}
	}
	if len(r.acceptedRemovals) > 0 && time.Now().Before(r.acceptedUntil) {
		participants := keySet(live.participants)
		for _, u := range r.acceptedRemovals {
			if participants[liveUserKey(u)] {
				return false
			}
		}
	}
	return true
}

// resolveAccepted decides the removals the API accepted without saying how
// they went: a user still in the group was not removed, and is reported as
// a failure (the next plan shows the removal again) instead of a success.
func (r *reconciler) resolveAccepted(live liveMembership) {
	participants := keySet(live.participants)
	for _, u := range r.acceptedRemovals {
		if !participants[liveUserKey(u)] {
			r.out.removed = append(r.out.removed, u)
			continue
		}
		r.out.failures = append(r.out.failures, membershipFailure{user: u, action: actionRemove, err: client.APIError{
			Title: "Not removed",
			Details: fmt.Sprintf("the API accepted the removal but the user is still a participant %s later; it reports why only by webhook, "+
				"which Terraform cannot receive. The next plan shows the removal again", r.timing.AmbiguousCreateWait),
		}})
	}
	slices.SortStableFunc(r.out.failures, func(a, b membershipFailure) int {
		return strings.Compare(a.action+"/"+a.user, b.action+"/"+b.user)
	})
}

// resolveUnclear decides work whose response was lost by what the group
// shows now: a removed user is gone, an approved user is a participant, a
// decided request is no longer pending. What cannot be confirmed is a
// failure for the next apply to look at again.
func (r *reconciler) resolveUnclear(live liveMembership) {
	participants := keySet(live.participants)
	pending := map[string]bool{}
	for _, q := range live.requests {
		pending[q.ID] = true
	}
	for _, u := range r.unclearRemovals {
		if participants[liveUserKey(u)] {
			r.out.failures = append(r.out.failures, membershipFailure{user: u, action: actionRemove, err: unclearError("the user is still a participant")})
		} else {
			r.out.removed = append(r.out.removed, u)
		}
	}
	ids := make([]string, 0, len(r.unclearRequests))
	for id := range r.unclearRequests {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		q, action := r.unclearRequests[id], r.unclearAction[id]
		switch {
		case pending[id]:
			r.out.failures = append(r.out.failures, membershipFailure{user: q.Key(), action: action, err: unclearError("the join request is still pending")})
		case action == actionReject:
			r.out.rejected = append(r.out.rejected, q.Key())
		case participants[liveUserKey(q.Key())]:
			r.out.approved = append(r.out.approved, q.Key())
		default:
			// Gone without joining: the user withdrew the request.
			r.out.skipped = append(r.out.skipped, q.Key())
		}
	}
	slices.SortStableFunc(r.out.failures, func(a, b membershipFailure) int {
		return strings.Compare(a.action+"/"+a.user, b.action+"/"+b.user)
	})
}

func unclearError(state string) client.APIError {
	return client.APIError{
		Title:   "Outcome unknown",
		Details: fmt.Sprintf("the API's answer was lost and %s; the next apply looks again (nothing was sent twice)", state),
	}
}

// firstError picks the most specific error of a per-item failure.
func firstError(item, top []client.APIError) client.APIError {
	if len(item) > 0 {
		return item[0]
	}
	if len(top) > 0 {
		return top[0]
	}
	return client.APIError{Title: "Failed", Details: "the API reported a failure without details"}
}

// asAPIError keeps an API error's code, title and details; other errors
// (network, timeout) keep their text.
func asAPIError(err error) client.APIError {
	var ae *client.APIError
	if errors.As(err, &ae) {
		return *ae
	}
	return client.APIError{Message: err.Error()}
}

// matchUser maps an id the API echoed (possibly spelled differently, such
// as "+1555...") back to the id that was sent.
func matchUser(echoed string, sent []string) string {
	k := liveUserKey(echoed)
	for _, s := range sent {
		if liveUserKey(s) == k {
			return s
		}
	}
	return echoed
}
