package emulator

import (
	"errors"
	"net/url"
	"slices"
	"testing"
)

// approvalGroup seeds an approval_required group with pending requests from users.
func approvalGroup(t *testing.T, h *harness, users ...string) (string, map[string]string) {
	t.Helper()
	id := h.em.SeedGroup("s", "", "approval_required")
	link, _ := h.em.InviteLink(id)
	ids := map[string]string{}
	for _, u := range users {
		if err := h.em.JoinViaLink(link, u); err != nil {
			t.Fatal(err)
		}
	}
	for _, jr := range h.em.JoinRequests(id) {
		ids[jr.WaID] = jr.ID
	}
	return id, ids
}

func TestJoinViaLink(t *testing.T) {
	h := newHarness(t, Options{MaxParticipants: 2})
	auto := h.em.SeedGroup("auto", "", "")
	link, _ := h.em.InviteLink(auto)
	tests := []struct {
		name, link, user string
		want             error
	}{
		{"first joins", link, "+1 555-0001", nil},
		{"again", link, "15550001", ErrAlreadyParticipant},
		{"second joins", link, "15550002", nil},
		{"group full", link, "15550003", ErrGroupFull},
		{"made-up link", "https://chat.whatsapp.com/AAAAAAAAAAAAAAAAAAAAAA", "15550004", ErrInvalidLink},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := h.em.JoinViaLink(tt.link, tt.user); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	g, _ := h.em.Group(auto)
	if !slices.Equal(g.Participants, []string{"15550001", "15550002"}) {
		t.Fatalf("participants %v", g.Participants)
	}
	if r := h.do("GET", "/groups/"+auto+"/join_requests", nil); len(r.body["data"].([]any)) != 0 || r.body["paging"] == nil {
		t.Fatalf("auto_approve join requests %s", r.raw)
	}

	id, _ := approvalGroup(t, h, "15550009")
	alink, _ := h.em.InviteLink(id)
	if err := h.em.JoinViaLink(alink, "15550009"); !errors.Is(err, ErrAlreadyRequested) {
		t.Fatalf("second request: %v", err)
	}
	if g, _ := h.em.Group(id); len(g.Participants) != 0 {
		t.Fatal("approval_required group added a participant without approval")
	}
	if err := h.em.RevokeJoinRequest(id, "15550009"); err != nil || len(h.em.JoinRequests(id)) != 0 {
		t.Fatalf("revoke: %v", err)
	}
	if err := h.em.RevokeJoinRequest(id, "15550009"); !errors.Is(err, ErrNoJoinRequest) {
		t.Fatalf("revoke twice: %v", err)
	}
}

func TestJoinRequestsList(t *testing.T) {
	h := newHarness(t, Options{})
	id, ids := approvalGroup(t, h, "111", "222", "333")
	r := h.do("GET", "/groups/"+id+"/join_requests?limit=2", nil)
	expectStatus(t, r, 200)
	data := r.body["data"].([]any)
	first := data[0].(map[string]any)
	if len(data) != 2 || first["wa_id"] != "111" || first["join_request_id"] != ids["111"] ||
		!slices.Equal(keys(first), []string{"creation_timestamp", "join_request_id", "wa_id"}) {
		t.Fatalf("page 1 %s", r.raw)
	}
	if _, isNum := first["creation_timestamp"].(float64); !isNum {
		t.Fatalf("creation_timestamp %v", first["creation_timestamp"])
	}
	paging := r.body["paging"].(map[string]any)
	if paging["next"] == nil {
		t.Fatalf("no next: %s", r.raw)
	}
	after := paging["cursors"].(map[string]any)["after"].(string)
	r = h.do("GET", "/groups/"+id+"/join_requests?limit=2&after="+url.QueryEscape(after), nil)
	if data := r.body["data"].([]any); len(data) != 1 || data[0].(map[string]any)["wa_id"] != "333" {
		t.Fatalf("page 2 %s", r.raw)
	}
	if r.body["paging"].(map[string]any)["next"] != nil {
		t.Fatal("next on the last page")
	}
	expectError(t, h.do("GET", "/groups/"+id+"/join_requests?limit=0", nil), 400, 100)
	expectError(t, h.do("GET", "/groups/"+id+"/join_requests?after=junk", nil), 400, 131059)
	expectError(t, h.do("GET", "/groups/nope/join_requests", nil), 400, 131041)
}

func TestJoinRequestDecisions(t *testing.T) {
	tests := []struct {
		name     string
		approve  bool
		max      int
		ids      func(m map[string]string) []string
		status   int
		done     []string // wa ids decided
		failures []int
	}{
		{"approve all", true, 8, func(m map[string]string) []string { return []string{m["111"], m["222"]} }, 200, []string{"111", "222"}, nil},
		{"approve partial unknown", true, 8, func(m map[string]string) []string { return []string{m["111"], "bogus"} }, 206, []string{"111"}, []int{131213}},
		{"approve none", true, 8, func(m map[string]string) []string { return []string{"bogus"} }, 200, nil, []int{131213}},
		{"approve terms", true, 8, func(m map[string]string) []string { return []string{m["111"], m["999"]} }, 206, []string{"111"}, []int{131203}},
		{"approve over limit", true, 1, func(m map[string]string) []string { return []string{m["111"], m["222"]} }, 206, []string{"111"}, []int{131204}},
		{"approve twice in one call", true, 8, func(m map[string]string) []string { return []string{m["111"], m["111"]} }, 206, []string{"111"}, []int{131213}},
		{"reject all", false, 8, func(m map[string]string) []string { return []string{m["111"], m["999"]} }, 200, []string{"111", "999"}, nil},
		{"reject partial", false, 8, func(m map[string]string) []string { return []string{"bogus", m["222"]} }, 206, []string{"222"}, []int{131213}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{MaxParticipants: tt.max})
			h.em.SetTermsNotAccepted("999", true)
			id, m := approvalGroup(t, h, "111", "222", "999")
			method, key := "DELETE", "rejected_join_requests"
			if tt.approve {
				method, key = "POST", "approved_join_requests"
			}
			reqIDs := tt.ids(m)
			r := h.do(method, "/groups/"+id+"/join_requests", map[string]any{"messaging_product": "whatsapp", "join_requests": reqIDs})
			expectStatus(t, r, tt.status)
			var wantDone []any
			for _, u := range tt.done {
				wantDone = append(wantDone, m[u])
			}
			if wantDone == nil {
				wantDone = []any{}
			}
			if !mapsEqualJSON(r.body[key], wantDone) || r.body["messaging_product"] != "whatsapp" {
				t.Fatalf("%s = %v, want %v; body %s", key, r.body[key], wantDone, r.raw)
			}
			failed, _ := r.body["failed_join_requests"].([]any)
			if len(failed) != len(tt.failures) || (len(tt.failures) == 0) != (r.body["errors"] == nil) {
				t.Fatalf("failed %s", r.raw)
			}
			for i, f := range failed {
				errs := f.(map[string]any)["errors"].([]any)
				e := errs[0].(map[string]any)
				if int(num(e["code"])) != tt.failures[i] || e["title"] == "" || e["message"] == "" ||
					e["error_data"].(map[string]any)["details"] == "" || f.(map[string]any)["join_request_id"] == "" {
					t.Fatalf("failure %d: %v", i, f)
				}
			}
			g, _ := h.em.Group(id)
			if tt.approve && !slices.Equal(g.Participants, tt.done) {
				t.Fatalf("participants %v, want %v", g.Participants, tt.done)
			}
			if !tt.approve && len(g.Participants) != 0 {
				t.Fatal("rejection added participants")
			}
			if n := len(h.em.JoinRequests(id)); n != 3-len(tt.done) {
				t.Fatalf("%d requests left", n)
			}
		})
	}
}

func TestJoinRequestBodies(t *testing.T) {
	h := newHarness(t, Options{})
	id, _ := approvalGroup(t, h, "111")
	for _, body := range []any{
		map[string]any{"messaging_product": "whatsapp"},
		map[string]any{"messaging_product": "whatsapp", "join_requests": []string{}},
		map[string]any{"messaging_product": "whatsapp", "join_requests": []int{1}},
		map[string]any{"messaging_product": "whatsapp", "join_requests": "x"},
		map[string]any{"join_requests": []string{"x"}},
	} {
		for _, method := range []string{"POST", "DELETE"} {
			expectError(t, h.do(method, "/groups/"+id+"/join_requests", body), 400, 100)
		}
	}
	expectError(t, h.do("POST", "/groups/nope/join_requests", map[string]any{"messaging_product": "whatsapp", "join_requests": []string{"x"}}), 400, 131041)
}
