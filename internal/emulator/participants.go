package emulator

import (
	"net/http"
	"slices"
)

type participantInput struct {
	Input string `json:"input"`
}

type failedParticipant struct {
	Input  string       `json:"input"`
	Errors []shortError `json:"errors"`
}

// handleParticipantsRemove removes group members (CONTRACT §3.8). Removed
// users are blacklisted: they can never rejoin through an invite link.
func (e *Emulator) handleParticipantsRemove(w http.ResponseWriter, r *http.Request, id string) *apiError {
	b, aerr := readWhatsAppBody(r)
	if aerr != nil {
		return aerr
	}
	raw, aerr := b.list("participants")
	if aerr != nil {
		return aerr
	}
	if len(raw) < 1 || len(raw) > maxRemoveInputs {
		return errParam("Param participants must contain between 1 and %d entries", maxRemoveInputs)
	}
	inputs := make([]string, len(raw))
	for i, v := range raw {
		obj, _ := v.(map[string]any)
		s, _ := obj["user"].(string)
		if normalizeUser(s) == "" {
			return errParam("Param participants[%d].user must be a phone number, WhatsApp ID or user ID", i)
		}
		inputs[i] = s
	}

	g, now, aerr := e.lockGroup(id, true)
	if aerr != nil {
		return aerr
	}
	// A user may be named by phone number, wa_id or business-scoped id.
	users := make([]string, len(inputs))
	for i, s := range inputs {
		users[i] = e.st.resolveUser(s).key()
		if slices.Contains(users[:i], users[i]) {
			e.mu.Unlock()
			return errCode(131202, "Duplicate participants in the array: "+s)
		}
	}
	if e.opts.Dialect.RemovalsReportedLater {
		e.removeLater(w, g, inputs, users, now)
		return nil
	}
	var removed []participantInput
	var failed []failedParticipant
	for i, u := range users {
		if !g.isParticipant(u) {
			failed = append(failed, failedParticipant{Input: inputs[i], Errors: []shortError{
				errCode(131212, "Participant "+inputs[i]+" is not a part of the group").short()}})
			continue
		}
		g.participants = slices.DeleteFunc(g.participants, func(p string) bool { return p == u })
		if !g.wasRemoved(u) {
			g.removed = append(g.removed, u)
		}
		removed = append(removed, participantInput{Input: inputs[i]})
	}
	if len(removed) == 0 {
		e.mu.Unlock()
		return errCode(131212, "None of the given users is a participant of the group")
	}
	requestID := e.st.newRequestID()
	ev := newEvent("group_participants_update", "group_participants_remove", g.id, now)
	ev.value["request_id"] = requestID
	ev.value["initiated_by"] = "business"
	ev.value["removed_participants"] = removed
	body := map[string]any{"messaging_product": "whatsapp", "request_id": requestID}
	status := http.StatusOK
	if len(failed) > 0 {
		partial := []shortError{errCode(131201, "Failed to remove some participants from the group").short()}
		ev.value["failed_participants"] = failed
		ev.value["errors"] = partial
		body["removed_participants"] = removed
		body["failed_participants"] = failed
		body["errors"] = partial
		status = http.StatusPartialContent
	}
	e.emit(ev)
	e.mu.Unlock()
	writeJSON(w, status, body)
	return nil
}

// handleParticipantsAdd exists in the Meta spec only; the narrative docs say
// participants cannot be added, so the emulator refuses (CONTRACT §3.9).
func (e *Emulator) handleParticipantsAdd(_ http.ResponseWriter, _ *http.Request, id string) *apiError {
	if _, _, aerr := e.lockGroup(id, false); aerr != nil {
		return aerr
	}
	e.mu.Unlock()
	return errParam("Participants cannot be added to a group; send them the invite link instead")
}
