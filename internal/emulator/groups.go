package emulator

import (
	"net/http"
	"strings"
	"time"
)

// handleCreate accepts a group creation (CONTRACT §3.1). The group exists
// only after CreateDelay; the group_create webhook fires at that moment.
func (e *Emulator) handleCreate(w http.ResponseWriter, r *http.Request, _ string) *apiError {
	b, aerr := readWhatsAppBody(r)
	if aerr != nil {
		return aerr
	}
	subject, present, aerr := b.str("subject")
	if aerr != nil {
		return aerr
	}
	if !present {
		return errParam("The parameter subject is required")
	}
	if subject, aerr = validateSubject(subject); aerr != nil {
		return aerr
	}
	description, _, aerr := b.str("description")
	if aerr != nil {
		return aerr
	}
	description = e.opts.Dialect.description(description)
	if aerr := validateDescription(description); aerr != nil {
		return aerr
	}
	mode, present, aerr := b.str("join_approval_mode")
	if aerr != nil {
		return aerr
	}
	if !present {
		mode = modeAuto
	}
	if aerr := validateMode(mode); aerr != nil {
		return aerr
	}

	if code := e.createFailure.Load(); code != 0 {
		return errCode(int(code), createFailureDetails[int(code)])
	}
	now := e.lockAdvance()
	if e.st.activeCount() >= e.opts.MaxGroups {
		e.mu.Unlock()
		return errCode(131211, "Max number of groups for this number reached")
	}
	g := e.st.addGroup(subject, description, mode, now, now.Add(e.opts.CreateDelay))
	e.advance(now) // announces the group at once when there is no delay
	id, requestID := g.id, g.requestID
	e.mu.Unlock()
	e.scheduleTick(e.opts.CreateDelay)

	switch e.opts.CreateResponse {
	case CreateResponseID:
		writeJSON(w, http.StatusOK, map[string]string{"id": id})
		return nil
	case CreateResponseIDIsRequest:
		writeJSON(w, http.StatusOK, map[string]string{"id": requestID})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"messaging_product": "whatsapp", "request_id": requestID})
	return nil
}

type listedGroup struct {
	ID        string `json:"id"`
	Subject   string `json:"subject"`
	CreatedAt any    `json:"created_at"`
}

// handleList lists visible groups in creation order (CONTRACT §3.2).
func (e *Emulator) handleList(w http.ResponseWriter, r *http.Request, _ string) *apiError {
	p, aerr := parsePageRequest(r.URL.Query(), 25, 1024)
	if aerr != nil {
		return aerr
	}
	now := e.lockAdvance()
	all := make([]listedGroup, 0, len(e.st.order))
	for _, g := range e.st.order {
		if g.visible(now) {
			all = append(all, listedGroup{ID: g.id, Subject: g.subject, CreatedAt: e.opts.Dialect.createdAt(g.created)})
		}
	}
	e.mu.Unlock()
	start, end, pg, aerr := e.page(r, p, len(all))
	if aerr != nil {
		return aerr
	}
	body := map[string]any{"data": map[string]any{"groups": all[start:end]}}
	if pg != nil {
		body["paging"] = pg
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

var groupFields = map[string]bool{
	"id": true, "messaging_product": true, "subject": true, "description": true, "join_approval_mode": true,
	"suspended": true, "creation_timestamp": true, "participants": true, "total_participant_count": true,
}

// handleGet answers the group projection asked for by ?fields= (CONTRACT §3.3).
func (e *Emulator) handleGet(w http.ResponseWriter, r *http.Request, id string) *apiError {
	var fields []string
	for _, f := range strings.Split(r.URL.Query().Get("fields"), ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !groupFields[f] {
			return errParam("Tried accessing nonexisting field (%s) on node type (WhatsAppGroup)", f)
		}
		fields = append(fields, f)
	}
	g, _, aerr := e.lockGroup(id, false)
	if aerr != nil {
		return aerr
	}
	body := g.project(fields, e.st)
	if e.opts.OmitDefaults {
		if body["join_approval_mode"] == modeAuto {
			delete(body, "join_approval_mode")
		}
		if body["suspended"] == false {
			delete(body, "suspended")
		}
	}
	e.mu.Unlock()
	e.opts.Dialect.adjustGroup(body)
	writeJSON(w, http.StatusOK, body)
	return nil
}

// project builds the GET answer; "id" and "messaging_product" always come back.
func (g *group) project(fields []string, st *store) map[string]any {
	body := map[string]any{"id": g.id, "messaging_product": "whatsapp"}
	for _, f := range fields {
		switch f {
		case "subject":
			body[f] = g.subject
		case "description":
			if g.description != "" {
				body[f] = g.description
			}
		case "join_approval_mode":
			body[f] = g.mode
		case "suspended":
			body[f] = g.suspended
		case "creation_timestamp":
			body[f] = g.created.Unix()
		case "participants":
			ps := make([]map[string]string, 0, len(g.participants))
			for _, p := range g.participants {
				ps = append(ps, st.userFields(p))
			}
			body[f] = ps
		case "total_participant_count":
			body[f] = len(g.participants)
		}
	}
	return body
}

// handleUpdate accepts new settings (CONTRACT §3.4); they become visible
// after UpdateDelay, when the group_settings_update webhook fires.
func (e *Emulator) handleUpdate(w http.ResponseWriter, r *http.Request, id string) *apiError {
	b, aerr := readWhatsAppBody(r)
	if aerr != nil {
		return aerr
	}
	var u pendingUpdate
	if s, present, aerr := b.str("subject"); aerr != nil {
		return aerr
	} else if present {
		if s, aerr = validateSubject(s); aerr != nil {
			return aerr
		}
		u.subject = &s
	}
	if d, present, aerr := b.str("description"); aerr != nil {
		return aerr
	} else if present {
		d = e.opts.Dialect.description(d)
		if aerr := validateDescription(d); aerr != nil {
			return aerr
		}
		u.description = &d
	}
	if b.hasFile && b.filePart != e.opts.Dialect.pictureField() {
		return errParam("The parameter %s is required for a profile picture", e.opts.Dialect.pictureField())
	}
	if b.hasFile {
		sha, aerr := validatePicture(b.file)
		if aerr != nil {
			return aerr
		}
		u.pictureSHA = &sha
	}
	if u.subject == nil && u.description == nil && u.pictureSHA == nil {
		return errParam("Nothing to update: give subject, description or a file")
	}

	g, now, aerr := e.lockGroup(id, true)
	if aerr != nil {
		return aerr
	}
	u.requestID = e.st.newRequestID()
	u.at = now.Add(e.opts.UpdateDelay)
	g.updates = append(g.updates, u)
	e.advance(now) // applies at once when there is no delay
	e.mu.Unlock()
	e.scheduleTick(e.opts.UpdateDelay)
	writeJSON(w, http.StatusOK, map[string]string{"messaging_product": "whatsapp", "request_id": u.requestID})
	return nil
}

// handleDelete accepts a deletion (CONTRACT §3.5); the group stays visible
// until DeleteDelay has passed. A repeated delete answers success again.
func (e *Emulator) handleDelete(w http.ResponseWriter, _ *http.Request, id string) *apiError {
	g, now, aerr := e.lockGroup(id, true)
	if aerr != nil {
		return aerr
	}
	if !g.deleting {
		g.deleting = true
		g.deleteAt = now.Add(e.opts.DeleteDelay)
		g.deleteReqID = e.st.newRequestID()
		e.advance(now)
	}
	e.mu.Unlock()
	e.scheduleTick(e.opts.DeleteDelay)
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
	return nil
}

// lockGroup takes the store lock and returns the visible group id; with
// mutate it also refuses suspended groups (131207). On success the caller
// must unlock e.mu; on failure the lock is already released.
func (e *Emulator) lockGroup(id string, mutate bool) (*group, time.Time, *apiError) {
	now := e.lockAdvance()
	g, ok := e.st.lookup(id, now)
	if !ok {
		e.mu.Unlock()
		return nil, now, errUnknownGroup(id)
	}
	if mutate && g.suspended {
		e.mu.Unlock()
		return nil, now, errSuspended()
	}
	return g, now, nil
}

// createFailureDetails are the explanations the API gives for numbers that
// may not create groups (CONTRACT.md §7.2).
var createFailureDetails = map[int]string{
	131214: "Excessive marketing messages sent by the WABA in the customer-service window over the past 7 days",
	131215: "Check the phone number's eligibility for the Groups API",
}
