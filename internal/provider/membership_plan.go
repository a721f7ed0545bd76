package provider

import (
	"cmp"
	"slices"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// membershipPolicy is the declared policy of a d360_group_membership, with
// every listed user reduced to its WhatsApp id.
type membershipPolicy struct {
	approve        map[string]bool
	rejectUnlisted bool
	removeUnlisted bool
}

// newMembershipPolicy normalises the listed users. Entries that do not
// normalise were refused at plan time, so they are skipped here.
func newMembershipPolicy(approve []string, rejectUnlisted, removeUnlisted bool) membershipPolicy {
	p := membershipPolicy{approve: make(map[string]bool, len(approve)), rejectUnlisted: rejectUnlisted, removeUnlisted: removeUnlisted}
	for _, a := range approve {
		if n, err := normalizeWaID(a); err == nil {
			p.approve[n] = true
		}
	}
	return p
}

func (p membershipPolicy) listed(user string) bool { return p.approve[liveUserKey(user)] }

// liveMembership is what the API reports about a group's members.
type liveMembership struct {
	mode         string
	participants []string
	requests     []client.JoinRequest
}

// hasJoinRequests reports whether the group can have join requests at all:
// users of an auto_approve group join without asking.
func hasJoinRequests(mode string) bool { return mode != client.JoinApprovalAuto }

// membershipWork is what an apply does to bring a group in line with its
// policy.
type membershipWork struct {
	approve []client.JoinRequest
	reject  []client.JoinRequest
	// remove holds participants' ids as the API reports them.
	remove []string
}

func (w membershipWork) empty() bool {
	return len(w.approve) == 0 && len(w.reject) == 0 && len(w.remove) == 0
}

// approvalIDs, rejectionIDs and removalIDs are the users concerned, which is
// what the plan shows.
func (w membershipWork) approvalIDs() []string  { return requestUsers(w.approve) }
func (w membershipWork) rejectionIDs() []string { return requestUsers(w.reject) }
func (w membershipWork) removalIDs() []string   { return sortedUnique(w.remove) }

// planMembership computes the work the policy asks for on the live group:
// pending requests of listed users are approved; with reject_unlisted the
// other requests are rejected; with remove_unlisted every participant not
// listed is removed. Lists come out sorted so plans are stable.
func planMembership(live liveMembership, p membershipPolicy) membershipWork {
	var w membershipWork
	for _, r := range live.requests {
		switch {
		case p.listed(r.Key()):
			w.approve = append(w.approve, r)
		case p.rejectUnlisted:
			w.reject = append(w.reject, r)
		}
	}
	if p.removeUnlisted {
		for _, u := range live.participants {
			if !p.listed(u) {
				w.remove = append(w.remove, u)
			}
		}
	}
	sortRequests(w.approve)
	sortRequests(w.reject)
	w.remove = sortedUnique(w.remove)
	return w
}

// restrictTo keeps only the work on users the plan showed, so an apply never
// touches anyone the reviewer did not see: a user who asked to join or
// joined after the plan waits for the next plan. Users of the plan that need
// nothing anymore (they withdrew their request or left) are returned as
// skipped. A nil set means the plan could not know the users (the group did
// not exist yet) and leaves that part of the work as it is.
func (w membershipWork) restrictTo(approvals, rejections, removals map[string]bool) (membershipWork, []string) {
	var out membershipWork
	var skipped []string
	out.approve, skipped = keepRequests(w.approve, approvals, skipped)
	out.reject, skipped = keepRequests(w.reject, rejections, skipped)
	if removals == nil {
		out.remove = w.remove
	} else {
		found := map[string]bool{}
		for _, u := range w.remove {
			if removals[liveUserKey(u)] {
				out.remove = append(out.remove, u)
				found[liveUserKey(u)] = true
			}
		}
		skipped = appendMissing(skipped, removals, found)
	}
	return out, sortedUnique(skipped)
}

func keepRequests(reqs []client.JoinRequest, allowed map[string]bool, skipped []string) ([]client.JoinRequest, []string) {
	if allowed == nil {
		return reqs, skipped
	}
	var kept []client.JoinRequest
	found := map[string]bool{}
	for _, r := range reqs {
		k := liveUserKey(r.Key())
		if allowed[k] {
			kept = append(kept, r)
			found[k] = true
		}
	}
	return kept, appendMissing(skipped, allowed, found)
}

func appendMissing(dst []string, want, found map[string]bool) []string {
	for u := range want {
		if !found[u] {
			dst = append(dst, u)
		}
	}
	return dst
}

// keySet indexes user ids by their normalised key.
func keySet(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[liveUserKey(id)] = true
	}
	return m
}

// duplicateSpellings finds entries of a list that name the same user, keyed
// by the WhatsApp id they share.
func duplicateSpellings(entries []string) map[string][]string {
	by := map[string][]string{}
	for _, e := range entries {
		if n, err := normalizeWaID(e); err == nil {
			by[n] = append(by[n], e)
		}
	}
	dups := map[string][]string{}
	for n, spellings := range by {
		if len(spellings) > 1 {
			slices.Sort(spellings)
			dups[n] = spellings
		}
	}
	return dups
}

// chunk splits items into batches of at most size.
func chunk[T any](items []T, size int) [][]T {
	var out [][]T
	for len(items) > 0 {
		n := min(size, len(items))
		out = append(out, items[:n:n])
		items = items[n:]
	}
	return out
}

func requestUsers(reqs []client.JoinRequest) []string {
	ids := make([]string, 0, len(reqs))
	for _, r := range reqs {
		ids = append(ids, r.Key())
	}
	return sortedUnique(ids)
}

// sortRequests orders requests oldest first: when the group has room for only
// some of them, the users who asked first are admitted first.
func sortRequests(reqs []client.JoinRequest) {
	slices.SortStableFunc(reqs, func(a, b client.JoinRequest) int {
		return cmp.Or(cmp.Compare(a.CreationTimestamp, b.CreationTimestamp), cmp.Compare(a.Key(), b.Key()), cmp.Compare(a.ID, b.ID))
	})
}

func sortedUnique(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
