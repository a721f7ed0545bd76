package emulator

import "net/http"

// handleInviteLinkGet answers the current link (CONTRACT §3.6). After a
// DELETE the group has no link; the API always hands one out, so GET then
// generates a fresh one (the deleted link stays invalid).
func (e *Emulator) handleInviteLinkGet(w http.ResponseWriter, _ *http.Request, id string) *apiError {
	g, _, aerr := e.lockGroup(id, false)
	if aerr != nil {
		return aerr
	}
	link := g.link
	if link == "" {
		link = e.st.newLink(g)
	}
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"messaging_product": "whatsapp", "invite_link": link})
	return nil
}

// handleInviteLinkReset replaces the link; every previous link stops working.
func (e *Emulator) handleInviteLinkReset(w http.ResponseWriter, r *http.Request, id string) *apiError {
	if _, aerr := readWhatsAppBody(r); aerr != nil {
		return aerr
	}
	g, _, aerr := e.lockGroup(id, true)
	if aerr != nil {
		return aerr
	}
	link := e.st.newLink(g)
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"messaging_product": "whatsapp", "invite_link": link})
	return nil
}

// handleInviteLinkDelete invalidates the link; "success" is the string
// "true", as in the Meta spec.
func (e *Emulator) handleInviteLinkDelete(w http.ResponseWriter, r *http.Request, id string) *apiError {
	if _, aerr := readWhatsAppBody(r); aerr != nil {
		return aerr
	}
	g, _, aerr := e.lockGroup(id, true)
	if aerr != nil {
		return aerr
	}
	e.st.dropLink(g)
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"messaging_product": "whatsapp", "success": "true"})
	return nil
}
