package emulator

import (
	"strings"
	"testing"
)

// inviteMessage is the documented group-invite template send (CONTRACT §3.10).
func inviteMessage(to, name, language, groupID string) map[string]any {
	return map[string]any{
		"messaging_product": "whatsapp",
		"to":                to,
		"type":              "template",
		"template": map[string]any{
			"name":     name,
			"language": map[string]any{"code": language},
			"components": []any{map[string]any{
				"type":       "body",
				"parameters": []any{map[string]any{"type": "group_id", "group_id": groupID}},
			}},
		},
	}
}

func TestMessageSendInviteTemplate(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("Support", "", "")
	h.em.SeedTemplate(Template{Name: "invite", Language: "en_US", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
	link, _ := h.em.InviteLink(id)

	r := h.do("POST", "/messages", inviteMessage("+1 (555) 010-0001", "invite", "en_US", id))
	expectStatus(t, r, 200)
	contacts, _ := r.body["contacts"].([]any)
	messages, _ := r.body["messages"].([]any)
	if len(contacts) != 1 || len(messages) != 1 || r.body["messaging_product"] != "whatsapp" {
		t.Fatalf("answer %s", r.raw)
	}
	c := contacts[0].(map[string]any)
	if c["input"] != "+1 (555) 010-0001" || c["wa_id"] != "15550100001" {
		t.Errorf("contact %v", c)
	}
	mid, _ := messages[0].(map[string]any)["id"].(string)
	if !strings.HasPrefix(mid, "wamid.") {
		t.Errorf("message id %q", mid)
	}
	sent := h.em.Messages()
	if len(sent) != 1 || sent[0].ID != mid || sent[0].WaID != "15550100001" || sent[0].GroupID != id ||
		sent[0].InviteLink != link || sent[0].TemplateName != "invite" || sent[0].TemplateLanguage != "en_US" {
		t.Fatalf("admin view %+v", sent)
	}
	if got := h.em.MessagesTo("15550100001"); len(got) != 1 {
		t.Errorf("MessagesTo = %v", got)
	}
	if n := h.em.Calls("messages.send"); n != 1 {
		t.Errorf("messages.send counted %d times", n)
	}
	admin := h.do("GET", "/_emulator/messages", nil)
	if admin.status != 200 || !strings.Contains(string(admin.raw), mid) {
		t.Errorf("GET /_emulator/messages: %d %s", admin.status, admin.raw)
	}
}

func TestMessageSendErrors(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("Support", "", "")
	h.em.SeedTemplate(Template{Name: "invite", Language: "en_US", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
	h.em.SeedTemplate(Template{Name: "custom", Language: "en_US", Category: "UTILITY", Components: []byte(`[{"type":"BODY","text":"Join {{1}}"}]`)})
	h.em.SeedTemplate(Template{Name: "paused", Language: "en_US", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
	if err := h.em.SetTemplateStatus("paused", "en_US", "PAUSED", ""); err != nil {
		t.Fatal(err)
	}
	text := map[string]any{"messaging_product": "whatsapp", "to": "15550100001", "type": "text", "text": map[string]any{"body": "hi"}}
	noProduct := inviteMessage("15550100001", "invite", "en_US", id)
	delete(noProduct, "messaging_product")
	noGroup := inviteMessage("15550100001", "invite", "en_US", id)
	noGroup["template"].(map[string]any)["components"] = []any{}

	for _, tc := range []struct {
		name         string
		body         map[string]any
		status, code int
	}{
		{"unknown template", inviteMessage("15550100001", "nope", "en_US", id), 404, 132001},
		{"unknown language", inviteMessage("15550100001", "invite", "de", id), 404, 132001},
		{"pending template", inviteMessage("15550100001", "custom", "en_US", id), 404, 132001},
		{"paused template", inviteMessage("15550100001", "paused", "en_US", id), 400, 132015},
		{"invalid number", inviteMessage("555-CALL-NOW", "invite", "en_US", id), 400, 100},
		{"number with trunk prefix", inviteMessage("0044 20 7946 0958", "invite", "en_US", id), 400, 100},
		{"too short", inviteMessage("12345", "invite", "en_US", id), 400, 100},
		{"unknown group", inviteMessage("15550100001", "invite", "en_US", "120363000000000001"), 400, 131041},
		{"no group parameter", noGroup, 400, 131008},
		{"not a template", text, 400, 100},
		{"no messaging_product", noProduct, 400, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectError(t, h.do("POST", "/messages", tc.body), tc.status, tc.code)
		})
	}
	if n := len(h.em.Messages()); n != 0 {
		t.Errorf("%d messages recorded after refused sends", n)
	}
}

// TestMessageSendLostAfter: a send whose answer is lost was still sent: the
// admin view shows it, which is why a client must never repeat it blindly.
func TestMessageSendLostAfter(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("Support", "", "")
	h.em.SeedTemplate(Template{Name: "invite", Language: "en_US", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
	h.em.AddFault(FaultRule{Kind: FaultLostAfter, Route: "messages.send", Count: 1})
	raw := `{"messaging_product":"whatsapp","to":"15550100001","type":"template","template":{"name":"invite","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"group_id","group_id":"` + id + `"}]}]}}`
	if _, err := h.send("POST", "/messages", "application/json", []byte(raw), testKey); err == nil {
		t.Fatal("the answer was not lost")
	}
	if n := len(h.em.Messages()); n != 1 {
		t.Fatalf("%d messages recorded, want 1", n)
	}
}
