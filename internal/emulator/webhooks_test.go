package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

type hookEvent struct {
	field string
	value map[string]any // groups[0]
}

// newHookReceiver collects webhook deliveries.
func newHookReceiver(t *testing.T) (string, <-chan hookEvent) {
	t.Helper()
	ch := make(chan hookEvent, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var env struct {
			Object string `json:"object"`
			Entry  []struct {
				ID      string `json:"id"`
				Changes []struct {
					Field string `json:"field"`
					Value struct {
						MessagingProduct string            `json:"messaging_product"`
						Metadata         map[string]string `json:"metadata"`
						Groups           []map[string]any  `json:"groups"`
					} `json:"value"`
				} `json:"changes"`
			} `json:"entry"`
		}
		if err := json.Unmarshal(raw, &env); err != nil || env.Object != "whatsapp_business_account" || len(env.Entry) != 1 ||
			env.Entry[0].ID == "" || len(env.Entry[0].Changes) != 1 || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("bad envelope %s", raw)
			return
		}
		c := env.Entry[0].Changes[0]
		if c.Value.MessagingProduct != "whatsapp" || c.Value.Metadata["phone_number_id"] == "" || len(c.Value.Groups) != 1 {
			t.Errorf("bad value %s", raw)
			return
		}
		ch <- hookEvent{field: c.Field, value: c.Value.Groups[0]}
	}))
	t.Cleanup(srv.Close)
	return srv.URL, ch
}

func nextHook(t *testing.T, ch <-chan hookEvent, field, typ string) map[string]any {
	t.Helper()
	select {
	case ev := <-ch:
		if ev.field != field || ev.value["type"] != typ {
			t.Fatalf("got %s/%v, want %s/%s: %v", ev.field, ev.value["type"], field, typ, ev.value)
		}
		if ts, ok := ev.value["timestamp"].(string); !ok || !digitsRe.MatchString(ts) {
			t.Fatalf("timestamp %v", ev.value["timestamp"])
		}
		return ev.value
	case <-time.After(3 * time.Second):
		t.Fatalf("no %s webhook", typ)
	}
	return nil
}

func TestWebhooks(t *testing.T) {
	url, hooks := newHookReceiver(t)
	h := newRealtimeHarness(t, Options{WebhookURL: url, CreateDelay: 20 * time.Millisecond,
		UpdateDelay: 20 * time.Millisecond, DeleteDelay: 20 * time.Millisecond})

	// Create: the webhook comes after CreateDelay even with no further request.
	r := h.do("POST", "/groups", map[string]any{"messaging_product": "whatsapp", "subject": "Hooked", "join_approval_mode": "approval_required"})
	created := nextHook(t, hooks, "group_lifecycle_update", "group_create")
	g := h.em.Groups()[0]
	if created["request_id"] != r.body["request_id"] || created["group_id"] != g.ID || created["subject"] != "Hooked" ||
		created["invite_link"] != g.InviteLink || created["join_approval_mode"] != "approval_required" {
		t.Fatalf("group_create %v", created)
	}

	r = h.do("POST", "/groups/"+g.ID, map[string]any{"messaging_product": "whatsapp", "subject": "New", "description": "D"})
	settings := nextHook(t, hooks, "group_settings_update", "group_settings_update")
	if settings["request_id"] != r.body["request_id"] || settings["group_subject"].(map[string]any)["text"] != "New" ||
		settings["group_subject"].(map[string]any)["update_successful"] != true ||
		settings["group_description"].(map[string]any)["text"] != "D" || settings["profile_picture"] != nil {
		t.Fatalf("settings %v", settings)
	}

	if err := h.em.JoinViaLink(g.InviteLink, "111"); err != nil {
		t.Fatal(err)
	}
	jr := nextHook(t, hooks, "group_participants_update", "group_join_request_created")
	if jr["wa_id"] != "111" || jr["join_request_id"] != h.em.JoinRequests(g.ID)[0].ID {
		t.Fatalf("join request %v", jr)
	}
	if err := h.em.JoinViaLink(g.InviteLink, "222"); err != nil {
		t.Fatal(err)
	}
	nextHook(t, hooks, "group_participants_update", "group_join_request_created")
	if err := h.em.RevokeJoinRequest(g.ID, "222"); err != nil {
		t.Fatal(err)
	}
	nextHook(t, hooks, "group_participants_update", "group_join_request_revoked")
	if err := h.em.JoinViaLink(g.InviteLink, "333"); err != nil {
		t.Fatal(err)
	}
	nextHook(t, hooks, "group_participants_update", "group_join_request_created")

	ids := map[string]string{}
	for _, j := range h.em.JoinRequests(g.ID) {
		ids[j.WaID] = j.ID
	}
	expectStatus(t, h.do("DELETE", "/groups/"+g.ID+"/join_requests", map[string]any{"messaging_product": "whatsapp", "join_requests": []string{ids["333"]}}), 200)
	expectStatus(t, h.do("POST", "/groups/"+g.ID+"/join_requests", map[string]any{"messaging_product": "whatsapp", "join_requests": []string{ids["111"]}}), 200)
	// Events leave in order, so the next one proves rejection sent none.
	added := nextHook(t, hooks, "group_participants_update", "group_participants_add")
	if !mapsEqualJSON(added["added_participants"], []any{map[string]any{"input": "111", "wa_id": "111"}}) || added["reason"] != "invite_link" {
		t.Fatalf("add %v", added)
	}

	r = h.do("DELETE", "/groups/"+g.ID+"/participants", removal("111"))
	removed := nextHook(t, hooks, "group_participants_update", "group_participants_remove")
	if removed["request_id"] != r.body["request_id"] || removed["initiated_by"] != "business" ||
		!mapsEqualJSON(removed["removed_participants"], []any{map[string]any{"input": "111"}}) {
		t.Fatalf("remove %v", removed)
	}

	if err := h.em.SetSuspended(g.ID, true); err != nil {
		t.Fatal(err)
	}
	nextHook(t, hooks, "group_status_update", "group_suspend")
	if err := h.em.SetSuspended(g.ID, false); err != nil {
		t.Fatal(err)
	}
	nextHook(t, hooks, "group_status_update", "group_suspend_cleared")

	expectStatus(t, h.do("DELETE", "/groups/"+g.ID, nil), 200)
	deleted := nextHook(t, hooks, "group_lifecycle_update", "group_delete")
	if deleted["group_id"] != g.ID || deleted["request_id"] == nil {
		t.Fatalf("delete %v", deleted)
	}
	if _, ok := h.em.Group(g.ID); ok {
		t.Fatal("group still there after its group_delete webhook")
	}
}

func TestWebhooksOutOfBand(t *testing.T) {
	url, hooks := newHookReceiver(t)
	h := newRealtimeHarness(t, Options{WebhookURL: url})
	id := h.em.SeedGroup("s", "", "")
	link, _ := h.em.InviteLink(id)
	if err := h.em.JoinViaLink(link, "111"); err != nil {
		t.Fatal(err)
	}
	if j := nextHook(t, hooks, "group_participants_update", "group_participants_add"); !mapsEqualJSON(j["added_participants"], []any{map[string]any{"wa_id": "111"}}) {
		t.Fatalf("join %v", j)
	}
	if err := h.em.LeaveGroup(id, "111"); err != nil {
		t.Fatal(err)
	}
	if l := nextHook(t, hooks, "group_participants_update", "group_participants_remove"); l["initiated_by"] != "participant" || l["request_id"] != nil {
		t.Fatalf("leave %v", l)
	}
	subject := "Edited"
	if err := h.em.EditGroup(id, &subject, nil); err != nil {
		t.Fatal(err)
	}
	if e := nextHook(t, hooks, "group_settings_update", "group_settings_update"); e["group_subject"].(map[string]any)["text"] != "Edited" || e["group_description"] != nil {
		t.Fatalf("edit %v", e)
	}
	if err := h.em.DeleteGroup(id); err != nil {
		t.Fatal(err)
	}
	nextHook(t, hooks, "group_lifecycle_update", "group_delete")
}

func TestWebhookReceiverDownIsHarmless(t *testing.T) {
	h := newRealtimeHarness(t, Options{WebhookURL: "http://127.0.0.1:1/hooks"})
	expectStatus(t, h.do("POST", "/groups", createBody), 200)
	if len(h.em.Groups()) != 1 {
		t.Fatal("create failed with the receiver down")
	}
}
