package emulator

import (
	"net/http"
	"slices"
	"time"
)

// removeLater is participant removal in the RemovalsReportedLater reading
// (issue 13 item 10): the call is answered 200 with only a request id, the
// removal happens after UpdateDelay, and what failed (a non-member, or a
// user FailRemovalsOf names) is reported only by the
// group_participants_update webhook. Caller holds e.mu with g visible; the
// lock is released here.
func (e *Emulator) removeLater(w http.ResponseWriter, g *group, inputs, users []string, now time.Time) {
	requestID := e.st.newRequestID()
	groupID := g.id
	apply := func(now time.Time) {
		g, ok := e.st.lookup(groupID, now)
		if !ok {
			return
		}
		var removed []participantInput
		var failed []failedParticipant
		for i, u := range users {
			if !g.isParticipant(u) || e.removalFails(u) {
				failed = append(failed, failedParticipant{Input: inputs[i], Errors: []shortError{
					errCode(131212, "Participant "+inputs[i]+" could not be removed from the group").short()}})
				continue
			}
			g.participants = slices.DeleteFunc(g.participants, func(p string) bool { return p == u })
			if !g.wasRemoved(u) {
				g.removed = append(g.removed, u)
			}
			removed = append(removed, participantInput{Input: inputs[i]})
		}
		ev := newEvent("group_participants_update", "group_participants_remove", groupID, now)
		ev.value["request_id"] = requestID
		ev.value["initiated_by"] = "business"
		ev.value["removed_participants"] = removed
		if len(failed) > 0 {
			ev.value["failed_participants"] = failed
			ev.value["errors"] = []shortError{errCode(131201, "Failed to remove some participants from the group").short()}
		}
		e.emit(ev)
	}
	if e.opts.UpdateDelay <= 0 {
		apply(now)
	} else {
		time.AfterFunc(e.opts.UpdateDelay, func() {
			now := e.lockAdvance()
			defer e.mu.Unlock()
			apply(now)
		})
	}
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"messaging_product": "whatsapp", "request_id": requestID})
}

// FailRemovalsOf makes later removals of these users fail (reported by
// webhook only) in the RemovalsReportedLater reading, as when the API
// refuses a removal for a reason only it knows.
func (e *Emulator) FailRemovalsOf(waIDs ...string) {
	for _, id := range waIDs {
		e.removalFailures.Store(normalizeUser(id), true)
	}
}

func (e *Emulator) removalFails(waID string) bool {
	_, ok := e.removalFailures.Load(waID)
	return ok
}
