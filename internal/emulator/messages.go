package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The messages endpoint, as far as sending the group invite template needs
// it (CONTRACT §3.10): POST /messages with type "template". The group id goes
// in a body parameter of type "group_id", which the platform turns into the
// group's current invite link on delivery. Other message types are refused.

// Message is a message the emulator accepted, as the admin view shows it.
type Message struct {
	ID               string    `json:"id"`
	To               string    `json:"to"`    // as the request wrote it
	WaID             string    `json:"wa_id"` // the number's digits
	TemplateName     string    `json:"template_name"`
	TemplateLanguage string    `json:"template_language"`
	GroupID          string    `json:"group_id,omitempty"`
	InviteLink       string    `json:"invite_link,omitempty"` // the link the group_id parameter became
	SentAt           time.Time `json:"sent_at"`
}

// Messages returns every accepted message in the order it was sent.
func (e *Emulator) Messages() []Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.st.messages)
}

// MessagesTo returns the accepted messages to a WhatsApp id (digits only).
func (e *Emulator) MessagesTo(waID string) []Message {
	var out []Message
	for _, m := range e.Messages() {
		if m.WaID == waID {
			out = append(out, m)
		}
	}
	return out
}

type messageRequest struct {
	MessagingProduct string `json:"messaging_product"`
	RecipientType    string `json:"recipient_type"`
	To               string `json:"to"`
	Type             string `json:"type"`
	Template         *struct {
		Name     string `json:"name"`
		Language struct {
			Code string `json:"code"`
		} `json:"language"`
		Components []struct {
			Type       string `json:"type"`
			Parameters []struct {
				Type    string `json:"type"`
				GroupID string `json:"group_id"`
			} `json:"parameters"`
		} `json:"components"`
	} `json:"template"`
}

func (e *Emulator) handleMessageSend(w http.ResponseWriter, r *http.Request, _ string) *apiError {
	b, aerr := readWhatsAppBody(r)
	if aerr != nil {
		return aerr
	}
	raw, _ := json.Marshal(b.fields)
	var req messageRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return errParam("Invalid message body: %v", err)
	}
	if req.RecipientType != "" && req.RecipientType != "individual" {
		return errParam("The emulator sends template messages to individual users only (recipient_type %q)", req.RecipientType)
	}
	if req.Type != "template" || req.Template == nil {
		return errParam("The emulator supports template messages only (type %q)", req.Type)
	}
	waID, ok := messageWaID(req.To)
	if !ok {
		return errParam("Param to must be a valid phone number: %q", req.To)
	}
	var groupID string
	for _, c := range req.Template.Components {
		for _, p := range c.Parameters {
			if p.Type == "group_id" {
				groupID = p.GroupID
			}
		}
	}

	now := e.lockAdvance()
	defer e.mu.Unlock()
	t := e.findTemplate(req.Template.Name, req.Template.Language.Code)
	if t == nil {
		return errCode(132001, fmt.Sprintf("template name (%s) does not exist in %s", req.Template.Name, req.Template.Language.Code))
	}
	t.refresh(now)
	switch t.Status {
	case "approved":
	case "paused":
		return errCode(132015, fmt.Sprintf("Template %s is paused due to low quality", t.Name))
	case "disabled":
		return errCode(132016, fmt.Sprintf("Template %s has been disabled", t.Name))
	default:
		return errCode(132001, fmt.Sprintf("template name (%s) in %s is not approved (status %s)", t.Name, t.Language, t.Status))
	}
	var link string
	if t.LibraryTemplateName == "group_invite_link" || groupID != "" {
		if groupID == "" {
			return errCode(131008, "The group invite template needs a body parameter of type group_id")
		}
		g, ok := e.st.lookup(groupID, now)
		if !ok {
			return errUnknownGroup(groupID)
		}
		if g.suspended {
			return errSuspended()
		}
		if g.link == "" {
			e.st.newLink(g)
		}
		link = g.link
	}
	m := Message{
		ID: "wamid." + base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "HBgL%s%020d", waID, e.st.next())),
		To: req.To, WaID: waID, TemplateName: t.Name, TemplateLanguage: t.Language,
		GroupID: groupID, InviteLink: link, SentAt: now,
	}
	e.st.messages = append(e.st.messages, m)
	writeJSON(w, http.StatusOK, map[string]any{
		"messaging_product": "whatsapp",
		"contacts":          []map[string]string{{"input": req.To, "wa_id": waID}},
		"messages":          []map[string]string{{"id": m.ID, "message_status": "accepted"}},
	})
	return nil
}

// messageWaID accepts a phone number as the API does: digits with an
// optional leading "+" and the usual separators, 7 to 15 digits, no leading 0.
func messageWaID(to string) (string, bool) {
	s := strings.TrimPrefix(strings.TrimSpace(to), "+")
	var d strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case strings.ContainsRune(" -().", r):
		default:
			return "", false
		}
	}
	out := d.String()
	if len(out) < 7 || len(out) > 15 || out[0] == '0' {
		return "", false
	}
	return out, true
}
