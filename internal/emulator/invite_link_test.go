package emulator

import (
	"errors"
	"slices"
	"testing"
)

func TestInviteLink(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("s", "", "")
	msg := map[string]any{"messaging_product": "whatsapp"}
	path := "/groups/" + id + "/invite_link"

	get := h.do("GET", path, nil)
	expectStatus(t, get, 200)
	first := get.body["invite_link"].(string)
	if got := keys(get.body); !slices.Equal(got, []string{"invite_link", "messaging_product"}) || !linkRe.MatchString(first) {
		t.Fatalf("GET %s", get.raw)
	}
	if again := h.do("GET", path, nil).body["invite_link"]; again != first {
		t.Fatal("GET changed the link")
	}

	reset := h.do("POST", path, msg)
	expectStatus(t, reset, 200)
	second := reset.body["invite_link"].(string)
	if second == first || !linkRe.MatchString(second) || reset.body["messaging_product"] != "whatsapp" {
		t.Fatalf("reset %s", reset.raw)
	}
	if h.em.ValidInviteLink(first) || !h.em.ValidInviteLink(second) {
		t.Fatal("reset did not invalidate the old link")
	}
	if err := h.em.JoinViaLink(first, "111"); !errors.Is(err, ErrInvalidLink) {
		t.Fatalf("join via old link: %v", err)
	}

	del := h.do("DELETE", path, msg)
	expectStatus(t, del, 200)
	if string(del.raw) != `{"messaging_product":"whatsapp","success":"true"}` {
		t.Fatalf("DELETE body %s", del.raw)
	}
	if h.em.ValidInviteLink(second) {
		t.Fatal("deleted link still valid")
	}
	if g, _ := h.em.Group(id); g.InviteLink != "" {
		t.Fatalf("link after delete = %q", g.InviteLink)
	}
	third := h.do("GET", path, nil).body["invite_link"].(string)
	if third == second || third == first || !h.em.ValidInviteLink(third) {
		t.Fatalf("GET after delete = %q", third)
	}

	for _, tt := range []struct {
		method string
		body   any
	}{
		{"POST", nil}, {"DELETE", nil},
		{"POST", map[string]any{"messaging_product": "x"}}, {"DELETE", map[string]any{}},
	} {
		expectError(t, h.do(tt.method, path, tt.body), 400, 100)
	}
	expectError(t, h.do("GET", "/groups/nope/invite_link", nil), 400, 131041)
	expectError(t, h.do("POST", "/groups/nope/invite_link", msg), 400, 131041)
}

func TestAdminInviteLinks(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("s", "", "")
	old, _ := h.em.InviteLink(id)
	rotated, err := h.em.RotateInviteLink(id)
	if err != nil || rotated == old || h.em.ValidInviteLink(old) || !h.em.ValidInviteLink(rotated) {
		t.Fatalf("rotate: %v", err)
	}
	if h.do("GET", "/groups/"+id+"/invite_link", nil).body["invite_link"] != rotated {
		t.Fatal("API does not show the rotated link")
	}
	if _, err := h.em.RotateInviteLink("nope"); !errors.Is(err, ErrUnknownGroup) {
		t.Fatalf("rotate unknown: %v", err)
	}
	if h.em.ValidInviteLink("https://chat.whatsapp.com/abc") {
		t.Fatal("made-up link valid")
	}
}
