package emulator

import (
	"net/http"
	"strconv"
)

// listedJoinRequest carries the user's identifiers: wa_id, and with
// business-scoped ids user_id, parent_user_id and username (CONTRACT §3.3).
type listedJoinRequest struct {
	ID string `json:"join_request_id"`
	User
	Created int64 `json:"creation_timestamp"`
}

// handleJoinRequestsList lists pending join requests (CONTRACT §3.7); an
// auto_approve group never has any.
func (e *Emulator) handleJoinRequestsList(w http.ResponseWriter, r *http.Request, id string) *apiError {
	p, aerr := parsePageRequest(r.URL.Query(), 25, 1024)
	if aerr != nil {
		return aerr
	}
	if aerr := e.opts.Dialect.joinRequestPage(r, &p); aerr != nil {
		return aerr
	}
	g, _, aerr := e.lockGroup(id, false)
	if aerr != nil {
		return aerr
	}
	all := make([]listedJoinRequest, 0, len(g.joinRequests))
	for _, jr := range g.joinRequests {
		all = append(all, listedJoinRequest{ID: jr.id, User: e.st.resolveUser(jr.waID), Created: jr.created.Unix()})
	}
	e.mu.Unlock()
	start, end, pg, aerr := e.page(r, p, len(all))
	if aerr != nil {
		return aerr
	}
	body := map[string]any{"data": all[start:end]}
	if pg != nil {
		body["paging"] = pg
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

type failedJoinRequest struct {
	ID     string       `json:"join_request_id"`
	Errors []shortError `json:"errors"`
}

func (e *Emulator) handleJoinRequestsApprove(w http.ResponseWriter, r *http.Request, id string) *apiError {
	return e.decideJoinRequests(w, r, id, true)
}

func (e *Emulator) handleJoinRequestsReject(w http.ResponseWriter, r *http.Request, id string) *apiError {
	return e.decideJoinRequests(w, r, id, false)
}

// decideJoinRequests approves or rejects each id on its own. Approval adds
// the user (group_participants_add webhook); rejection sends no webhook.
// HTTP 200 when all succeeded or none did, 206 when only some did.
func (e *Emulator) decideJoinRequests(w http.ResponseWriter, r *http.Request, id string, approve bool) *apiError {
	b, aerr := readWhatsAppBody(r)
	if aerr != nil {
		return aerr
	}
	raw, aerr := b.list("join_requests")
	if aerr != nil {
		return aerr
	}
	if len(raw) == 0 {
		return errParam("The parameter join_requests is required and must not be empty")
	}
	ids := make([]string, len(raw))
	for i, v := range raw {
		s, ok := v.(string)
		if !ok || s == "" {
			return errParam("Param join_requests[%d] must be a non-empty string", i)
		}
		ids[i] = s
	}

	g, now, aerr := e.lockGroup(id, true)
	if aerr != nil {
		return aerr
	}
	done := []string{}
	var failed []failedJoinRequest
	var added []map[string]string
	for _, jrID := range ids {
		if ferr := e.decideOne(g, jrID, approve, &added); ferr != nil {
			failed = append(failed, failedJoinRequest{ID: jrID, Errors: []shortError{ferr.short()}})
			continue
		}
		done = append(done, jrID)
	}
	if len(added) > 0 {
		e.emit(participantsAddEvent(g.id, now, added))
	}
	e.mu.Unlock()

	key := "rejected_join_requests"
	if approve {
		key = "approved_join_requests"
	}
	body := map[string]any{"messaging_product": "whatsapp", key: done}
	status := http.StatusOK
	if len(failed) > 0 {
		body["failed_join_requests"] = failed
		body["errors"] = distinctErrors(failed)
		if len(done) > 0 {
			status = http.StatusPartialContent
		}
	}
	writeJSON(w, status, body)
	return nil
}

func (e *Emulator) decideOne(g *group, jrID string, approve bool, added *[]map[string]string) *apiError {
	i, jr := g.joinRequestByID(jrID)
	if jr == nil {
		return errCode(131213, "Join request "+jrID+" does not exist")
	}
	if approve {
		if e.st.noTerms[jr.waID] {
			return errCode(131203, "Recipient has not accepted our new Terms of Service and Privacy Policy.")
		}
		if len(g.participants) >= e.opts.MaxParticipants {
			return errCode(131204, "Group participant size exceeds limit of "+strconv.Itoa(e.opts.MaxParticipants))
		}
		g.participants = append(g.participants, jr.waID)
		fields := e.st.userFields(jr.waID)
		fields["input"] = jr.waID
		*added = append(*added, fields)
	}
	g.joinRequests = append(g.joinRequests[:i], g.joinRequests[i+1:]...)
	return nil
}

// distinctErrors mirrors Meta's sample, where top-level "errors" repeats the
// per-request errors.
func distinctErrors(failed []failedJoinRequest) []shortError {
	seen := map[int]bool{}
	var out []shortError
	for _, f := range failed {
		for _, se := range f.Errors {
			if !seen[se.Code] {
				seen[se.Code] = true
				out = append(out, se)
			}
		}
	}
	return out
}
