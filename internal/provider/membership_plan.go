package provider

import (
	"cmp"
	"slices"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// membershipPolicy is the declared policy of a d360_group_membership, with
// every listed user reduced to its key (see normalizeUserEntry).
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
		if n, err := normalizeUserEntry(a); err == nil {
			p.approve[n] = true
		}
	}
	return p
}

// match returns the first of a user's identifiers that approve lists.
func (p membershipPolicy) match(u userIdentity) (string, bool) {
	for _, k := range u.keys() {
		if p.approve[k] {
			return k, true
		}
	}
	return "", false
}

// liveMembership is what the API reports about a group's members.
type liveMembership struct {
	mode string
	// participants are the participants' primary identifiers (see
	// userIdentity.primary); people holds all their identifiers.
	participants []string
	people       map[string]userIdentity
	requests     []client.JoinRequest
}

// person returns every identifier of a participant.
func (l liveMembership) person(primary string) userIdentity {
	if u, ok := l.people[primary]; ok {
		return u
	}
	if bsuidPattern.MatchString(primary) {
		return userIdentity{userID: primary}
	}
	return userIdentity{waID: primary}
}

// hasJoinRequests reports whether the group can have join requests at all:
// users of an auto_approve group join without asking.
func hasJoinRequests(mode string) bool { return mode != client.JoinApprovalAuto }

// membershipWork is what an apply does to bring a group in line with its
// policy.
type membershipWork struct {
	approve []client.JoinRequest
	reject  []client.JoinRequest
	// remove holds participants' primary identifiers.
	remove []string
	// matched is, per approved join request id, the identifier approve
	// listed the user by: the plan shows it, so a reviewer sees which of a
	// user's identifiers matched.
	matched map[string]string
	// people holds every identifier of the participants.
	people map[string]userIdentity
}

func (w membershipWork) empty() bool {
	return len(w.approve) == 0 && len(w.reject) == 0 && len(w.remove) == 0
}

// approvalIDs, rejectionIDs and removalIDs are the users concerned, which is
// what the plan shows.
func (w membershipWork) approvalIDs() []string {
	ids := make([]string, 0, len(w.approve))
	for _, r := range w.approve {
		ids = append(ids, cmp.Or(w.matched[r.ID], requestPrimary(r)))
	}
	return sortedUnique(ids)
}
func (w membershipWork) rejectionIDs() []string { return requestUsers(w.reject) }
func (w membershipWork) removalIDs() []string   { return sortedUnique(w.remove) }

// planMembership computes the work the policy asks for on the live group:
// pending requests of listed users are approved; with reject_unlisted the
// other requests are rejected; with remove_unlisted every participant not
// listed is removed. Lists come out sorted so plans are stable.
func planMembership(live liveMembership, p membershipPolicy) membershipWork {
	w := membershipWork{matched: map[string]string{}, people: live.people}
	for _, r := range live.requests {
		k, listed := p.match(identityOfRequest(r))
		switch {
		case listed:
			w.approve = append(w.approve, r)
			w.matched[r.ID] = k
		case p.rejectUnlisted:
			w.reject = append(w.reject, r)
		}
	}
	if p.removeUnlisted {
		for _, u := range live.participants {
			if _, listed := p.match(live.person(u)); !listed {
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
	out := membershipWork{matched: w.matched, people: w.people}
	var skipped []string
	out.approve, skipped = keepRequests(w.approve, approvals, skipped)
	out.reject, skipped = keepRequests(w.reject, rejections, skipped)
	if removals == nil {
		out.remove = w.remove
	} else {
		found := map[string]bool{}
		live := liveMembership{people: w.people}
		for _, u := range w.remove {
			if k, ok := firstIn(live.person(u), removals); ok {
				out.remove = append(out.remove, u)
				found[k] = true
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
		if k, ok := firstIn(identityOfRequest(r), allowed); ok {
			kept = append(kept, r)
			found[k] = true
		}
	}
	return kept, appendMissing(skipped, allowed, found)
}

// firstIn returns the first of a user's identifiers that a planned set
// holds: the plan may show a user by any of them.
func firstIn(u userIdentity, planned map[string]bool) (string, bool) {
	for _, k := range u.keys() {
		if planned[k] {
			return k, true
		}
	}
	return "", false
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
		if k, err := normalizeUserEntry(id); err == nil {
			m[k] = true
		} else {
			m[liveUserKey(id)] = true
		}
	}
	return m
}

// duplicateSpellings finds entries of a list that name the same user, keyed
// by the identifier they share.
func duplicateSpellings(entries []string) map[string][]string {
	by := map[string][]string{}
	for _, e := range entries {
		if n, err := normalizeUserEntry(e); err == nil {
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
		ids = append(ids, requestPrimary(r))
	}
	return sortedUnique(ids)
}

// requestPrimary is how a join request's user is shown when no identifier
// of theirs was matched.
func requestPrimary(r client.JoinRequest) string {
	return cmp.Or(identityOfRequest(r).primary(), r.Key())
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
