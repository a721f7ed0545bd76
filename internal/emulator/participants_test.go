package emulator

import (
	"errors"
	"slices"
	"testing"
)

// groupWith seeds an auto_approve group whose members are users.
func groupWith(t *testing.T, h *harness, users ...string) (string, string) {
	t.Helper()
	id := h.em.SeedGroup("s", "", "")
	link, _ := h.em.InviteLink(id)
	for _, u := range users {
		if err := h.em.JoinViaLink(link, u); err != nil {
			t.Fatal(err)
		}
	}
	return id, link
}

func removal(users ...string) map[string]any {
	ps := []any{}
	for _, u := range users {
		ps = append(ps, map[string]string{"user": u})
	}
	return map[string]any{"messaging_product": "whatsapp", "participants": ps}
}

func TestRemoveParticipants(t *testing.T) {
	tests := []struct {
		name    string
		body    any
		status  int
		code    int // error code for failures
		left    []string
		removed []string
		failed  []string
	}{
		{"all", removal("+1 555-0001", "15550002"), 200, 0, []string{"15550003"}, nil, nil},
		{"partial", removal("15550001", "1999"), 206, 0, []string{"15550002", "15550003"}, []string{"15550001"}, []string{"1999"}},
		{"none members", removal("1999", "1998"), 400, 131212, []string{"15550001", "15550002", "15550003"}, nil, nil},
		{"duplicates after normalising", removal("+1 (555) 0001", "15550001"), 400, 131202, []string{"15550001", "15550002", "15550003"}, nil, nil},
		{"empty", removal(), 400, 100, []string{"15550001", "15550002", "15550003"}, nil, nil},
		{"nine", removal("1", "2", "3", "4", "5", "6", "7", "8", "9"), 400, 100, []string{"15550001", "15550002", "15550003"}, nil, nil},
		{"missing", map[string]any{"messaging_product": "whatsapp"}, 400, 100, []string{"15550001", "15550002", "15550003"}, nil, nil},
		{"no user key", map[string]any{"messaging_product": "whatsapp", "participants": []any{map[string]string{"wa_id": "1"}}}, 400, 100, []string{"15550001", "15550002", "15550003"}, nil, nil},
		{"no messaging_product", map[string]any{"participants": []any{map[string]string{"user": "15550001"}}}, 400, 100, []string{"15550001", "15550002", "15550003"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			id, _ := groupWith(t, h, "15550001", "15550002", "15550003")
			r := h.do("DELETE", "/groups/"+id+"/participants", tt.body)
			switch tt.status {
			case 200:
				expectStatus(t, r, 200)
				if got := keys(r.body); !slices.Equal(got, []string{"messaging_product", "request_id"}) {
					t.Fatalf("body %s", r.raw)
				}
			case 206:
				expectStatus(t, r, 206)
				if !digitsRe.MatchString(r.body["request_id"].(string)) || r.body["messaging_product"] != "whatsapp" {
					t.Fatalf("body %s", r.raw)
				}
				var removed, failed []string
				for _, p := range r.body["removed_participants"].([]any) {
					removed = append(removed, p.(map[string]any)["input"].(string))
				}
				for _, p := range r.body["failed_participants"].([]any) {
					f := p.(map[string]any)
					failed = append(failed, f["input"].(string))
					if int(num(f["errors"].([]any)[0].(map[string]any)["code"])) != 131212 {
						t.Fatalf("failed entry %v", f)
					}
				}
				top := r.body["errors"].([]any)[0].(map[string]any)
				if !slices.Equal(removed, tt.removed) || !slices.Equal(failed, tt.failed) || int(num(top["code"])) != 131201 {
					t.Fatalf("body %s", r.raw)
				}
			default:
				expectError(t, r, tt.status, tt.code)
			}
			g, _ := h.em.Group(id)
			if !slices.Equal(g.Participants, tt.left) {
				t.Fatalf("participants %v, want %v", g.Participants, tt.left)
			}
		})
	}
}

func TestRemovedUsersCannotRejoin(t *testing.T) {
	h := newHarness(t, Options{})
	id, link := groupWith(t, h, "15550001", "15550002")
	expectStatus(t, h.do("DELETE", "/groups/"+id+"/participants", removal("+1-555-0001")), 200)
	if err := h.em.JoinViaLink(link, "15550001"); !errors.Is(err, ErrRemovedParticipant) {
		t.Fatalf("rejoin: %v", err)
	}
	newLink, _ := h.em.RotateInviteLink(id)
	if err := h.em.JoinViaLink(newLink, "+15550001"); !errors.Is(err, ErrRemovedParticipant) {
		t.Fatalf("rejoin via new link: %v", err)
	}
	if got := h.em.ParticipantsEverRemoved(id); !slices.Equal(got, []string{"15550001"}) {
		t.Fatalf("ever removed %v", got)
	}
	// Leaving on one's own is not a removal.
	if err := h.em.LeaveGroup(id, "15550002"); err != nil {
		t.Fatal(err)
	}
	if err := h.em.LeaveGroup(id, "15550002"); !errors.Is(err, ErrNotParticipant) {
		t.Fatalf("leave twice: %v", err)
	}
	if err := h.em.JoinViaLink(newLink, "15550002"); err != nil {
		t.Fatalf("rejoin after leaving: %v", err)
	}
	// Approval groups refuse removed users before any request exists.
	aid, _ := approvalGroup(t, h, "777")
	jr := h.em.JoinRequests(aid)[0]
	expectStatus(t, h.do("POST", "/groups/"+aid+"/join_requests", map[string]any{"messaging_product": "whatsapp", "join_requests": []string{jr.ID}}), 200)
	expectStatus(t, h.do("DELETE", "/groups/"+aid+"/participants", removal("777")), 200)
	alink, _ := h.em.InviteLink(aid)
	if err := h.em.JoinViaLink(alink, "777"); !errors.Is(err, ErrRemovedParticipant) || len(h.em.JoinRequests(aid)) != 0 {
		t.Fatalf("removed user requested again: %v", err)
	}
}

func TestAddParticipantsUnsupported(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("s", "", "")
	expectError(t, h.do("POST", "/groups/"+id+"/participants", removal("15550001")), 400, 100)
	expectError(t, h.do("POST", "/groups/nope/participants", removal("15550001")), 400, 131041)
	if g, _ := h.em.Group(id); len(g.Participants) != 0 {
		t.Fatal("participant added")
	}
}
