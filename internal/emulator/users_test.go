package emulator

import (
	"errors"
	"testing"
)

// Users of each kind (phone only, business-scoped id only, both) are listed
// with exactly the identifiers they have, in join requests, participants and
// webhooks, and can be approved and removed by any of them.
func TestUsersOfEachKind(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("s", "", "approval_required")
	link, _ := h.em.InviteLink(id)

	admin := func(path string, body any, want int) resp {
		t.Helper()
		r := h.do("POST", "/_emulator"+path, body)
		expectStatus(t, r, want)
		return r
	}
	admin("/users", map[string]any{"user_id": "US.13491208655302741918", "username": "@alice"}, 200)
	both := admin("/users", map[string]any{"wa_id": "+1 555 010 0003", "user_id": "US.333", "parent_user_id": "US.999"}, 200)
	if both.body["user"] != "15550100003" {
		t.Fatalf("register answer %s", both.raw)
	}
	admin("/users", map[string]any{"username": "nobody"}, 400)
	if _, err := h.em.RegisterUser(User{WaID: "15550100009", UserID: "US.333"}); !errors.Is(err, ErrUserConflict) {
		t.Fatalf("conflicting registration: %v", err)
	}

	for _, u := range []string{"15550100001", "alice", "US.333"} {
		if err := h.em.JoinViaLink(link, u); err != nil {
			t.Fatalf("join %s: %v", u, err)
		}
	}
	r := h.do("GET", "/groups/"+id+"/join_requests", nil)
	data := r.body["data"].([]any)
	want := []map[string]string{
		{"wa_id": "15550100001"},
		{"user_id": "US.13491208655302741918", "username": "alice"},
		{"wa_id": "15550100003", "user_id": "US.333", "parent_user_id": "US.999"},
	}
	ids := make([]any, len(data))
	for i, d := range data {
		m := d.(map[string]any)
		ids[i] = m["join_request_id"]
		for _, k := range []string{"wa_id", "user_id", "parent_user_id", "username"} {
			got, _ := m[k].(string)
			if got != want[i][k] {
				t.Fatalf("request %d %s = %q, want %q (%s)", i, k, got, want[i][k], r.raw)
			}
		}
	}
	expectStatus(t, h.do("POST", "/groups/"+id+"/join_requests", map[string]any{"messaging_product": "whatsapp", "join_requests": ids}), 200)

	g := h.do("GET", "/groups/"+id+"?fields=participants", nil)
	ps := g.body["participants"].([]any)
	if len(ps) != 3 || ps[1].(map[string]any)["wa_id"] != nil || ps[1].(map[string]any)["user_id"] != "US.13491208655302741918" {
		t.Fatalf("participants %s", g.raw)
	}
	// Removal by business-scoped id, including a user who also has a phone number.
	rm := h.do("DELETE", "/groups/"+id+"/participants", map[string]any{"messaging_product": "whatsapp",
		"participants": []map[string]string{{"user": "US.13491208655302741918"}, {"user": "US.333"}}})
	expectStatus(t, rm, 200)
	if got, _ := h.em.Group(id); len(got.Participants) != 1 || got.Participants[0] != "15550100001" {
		t.Fatalf("after removal %v", got.Participants)
	}
	if err := h.em.JoinViaLink(link, "@alice"); !errors.Is(err, ErrRemovedParticipant) {
		t.Fatalf("removed user rejoined: %v", err)
	}
}
