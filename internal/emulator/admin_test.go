package emulator

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestAdminGoAPIErrors(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("s", "d", "")
	empty, long := "", string(make([]byte, 129))
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"edit unknown", h.em.EditGroup("nope", nil, nil), ErrUnknownGroup},
		{"edit empty subject", h.em.EditGroup(id, &empty, nil), ErrInvalidSetting},
		{"edit long subject", h.em.EditGroup(id, &long, nil), ErrInvalidSetting},
		{"delete unknown", h.em.DeleteGroup("nope"), ErrUnknownGroup},
		{"suspend unknown", h.em.SetSuspended("nope", true), ErrUnknownGroup},
		{"leave unknown group", h.em.LeaveGroup("nope", "1"), ErrUnknownGroup},
		{"revoke unknown group", h.em.RevokeJoinRequest("nope", "1"), ErrUnknownGroup},
		{"join empty user", h.em.JoinViaLink("x", ""), ErrInvalidSetting},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, tt.want) {
				t.Fatalf("err %v, want %v", tt.err, tt.want)
			}
		})
	}
	if _, err := h.em.InviteLink("nope"); !errors.Is(err, ErrUnknownGroup) {
		t.Fatal(err)
	}
	if h.em.JoinRequests("nope") != nil || h.em.ParticipantsEverRemoved("nope") != nil {
		t.Fatal("unknown group has data")
	}
	if _, ok := h.em.Group("nope"); ok {
		t.Fatal("unknown group found")
	}
}

func TestAdminEditAndDeleteAreImmediate(t *testing.T) {
	h := newHarness(t, Options{UpdateDelay: 1e12, DeleteDelay: 1e12})
	id := h.em.SeedGroup("s", "d", "")
	subject, desc := "  S2 ", ""
	if err := h.em.EditGroup(id, &subject, &desc); err != nil {
		t.Fatal(err)
	}
	r := h.do("GET", "/groups/"+id+"?fields=subject,description", nil)
	if r.body["subject"] != "S2" || r.body["description"] != nil {
		t.Fatalf("after edit %s", r.raw)
	}
	link, _ := h.em.InviteLink(id)
	if err := h.em.DeleteGroup(id); err != nil {
		t.Fatal(err)
	}
	expectError(t, h.do("GET", "/groups/"+id, nil), 400, 131041)
	if h.em.ValidInviteLink(link) || len(h.em.Groups()) != 0 {
		t.Fatal("deleted group lingers")
	}
}

func TestReset(t *testing.T) {
	h := newHarness(t, Options{})
	h.em.SeedGroup("s", "", "")
	h.em.SeedTemplate(Template{Name: "t", Language: "en", Category: "UTILITY"})
	h.em.AddFault(FaultRule{Kind: Fault500, Route: "groups.get"})
	h.do("GET", "/groups/x", nil)
	h.em.SetRateLimit(1, 1)
	h.em.SetLatency(1e9)
	h.em.Reset()
	if len(h.em.Groups()) != 0 || len(h.em.Templates()) != 0 || h.em.TotalCalls() != 0 ||
		len(h.em.FaultsInjected()) != 0 || h.em.RateLimited() != 0 {
		t.Fatal("Reset kept state")
	}
	for range 5 { // no rate limit, no fault, no latency
		expectError(t, h.do("GET", "/groups/x", nil), 400, 131041)
	}
}

func TestAdminHTTP(t *testing.T) {
	h := newHarness(t, Options{})
	admin := func(method, path string, body any, wantStatus int) resp {
		t.Helper()
		r := h.do(method, "/_emulator"+path, body) // the API key is not needed, but harmless
		expectStatus(t, r, wantStatus)
		return r
	}
	noKey := h.doRaw("GET", "/_emulator/counters", "", nil, "")
	expectStatus(t, noKey, 200)

	seeded := admin("POST", "/groups", map[string]any{"subject": "Seeded", "join_approval_mode": "approval_required"}, 200)
	id := seeded.body["id"].(string)
	admin("POST", "/groups", map[string]any{"subject": "x", "join_approval_mode": "bad"}, 400)
	if gs := admin("GET", "/groups", nil, 200); len(h.em.Groups()) != 1 || len(gs.raw) < 10 {
		t.Fatalf("groups %s", gs.raw)
	}

	admin("POST", "/groups/"+id+"/join", map[string]any{"wa_id": "111"}, 200)
	admin("POST", "/groups/"+id+"/join", map[string]any{"wa_id": "111"}, 409) // already requested
	admin("POST", "/groups/nope/join", map[string]any{"wa_id": "111"}, 404)
	got := admin("GET", "/groups/"+id, nil, 200)
	if jrs := got.body["join_requests"].([]any); len(jrs) != 1 || jrs[0].(map[string]any)["wa_id"] != "111" {
		t.Fatalf("group view %s", got.raw)
	}
	admin("POST", "/groups/"+id+"/revoke_join_request", map[string]any{"wa_id": "111"}, 200)
	admin("POST", "/terms", map[string]any{"wa_id": "111", "not_accepted": true}, 200)
	if !h.em.st.noTerms["111"] {
		t.Fatal("terms flag not set")
	}

	admin("POST", "/groups/"+id+"/edit", map[string]any{"subject": "Edited"}, 200)
	admin("POST", "/groups/"+id+"/edit", map[string]any{"subject": ""}, 409)
	if g, _ := h.em.Group(id); g.Subject != "Edited" {
		t.Fatalf("edit: %+v", g)
	}
	old, _ := h.em.InviteLink(id)
	rot := admin("POST", "/groups/"+id+"/rotate_link", nil, 200)
	if rot.body["invite_link"] == old || !h.em.ValidInviteLink(rot.body["invite_link"].(string)) {
		t.Fatalf("rotate %s", rot.raw)
	}
	admin("POST", "/groups/"+id+"/suspend", map[string]any{"suspended": true}, 200)
	expectError(t, h.do("DELETE", "/groups/"+id, nil), 403, 131207)
	admin("POST", "/groups/"+id+"/suspend", map[string]any{"suspended": false}, 200)

	auto := admin("POST", "/groups", map[string]any{"subject": "auto"}, 200).body["id"].(string)
	admin("POST", "/groups/"+auto+"/join", map[string]any{"wa_id": "222"}, 200)
	admin("POST", "/groups/"+auto+"/leave", map[string]any{"wa_id": "222"}, 200)
	admin("DELETE", "/groups/"+auto, nil, 200)
	admin("DELETE", "/groups/"+auto, nil, 404)

	// Faults, counters, rate limit, latency.
	admin("POST", "/faults", map[string]any{"kind": "500", "route": "groups.list", "count": 1}, 200)
	admin("POST", "/faults", map[string]any{"kind": "boom"}, 400)
	admin("POST", "/faults", map[string]any{"kind": "latency", "latency": "soon"}, 400)
	admin("POST", "/faults", "not an object", 400)
	expectError(t, h.do("GET", "/groups", nil), 500, 1)
	expectStatus(t, h.do("GET", "/groups", nil), 200)
	admin("POST", "/faults", map[string]any{"kind": "503"}, 200)
	admin("DELETE", "/faults", nil, 200)
	expectStatus(t, h.do("GET", "/groups", nil), 200)
	counters := admin("GET", "/counters", nil, 200)
	calls := counters.body["calls"].(map[string]any)
	if num(calls["groups.list"]) != 3 || num(counters.body["total"]) != 4 || num(counters.body["faults"].(map[string]any)["500"]) != 1 {
		t.Fatalf("counters %s", counters.raw)
	}
	admin("POST", "/counters/reset", nil, 200)
	if h.em.TotalCalls() != 0 {
		t.Fatal("counters not reset")
	}
	admin("POST", "/rate_limit", map[string]any{"per_second": 0.001, "burst": 1}, 200)
	expectStatus(t, h.do("GET", "/groups", nil), 200)
	expectError(t, h.do("GET", "/groups", nil), 429, 131208)
	admin("POST", "/rate_limit", map[string]any{"per_second": 0}, 200)
	admin("POST", "/latency", map[string]any{"ms": 5}, 200)
	if h.em.latency.Load() != 5e6 {
		t.Fatal("latency not set")
	}
	admin("POST", "/latency", map[string]any{"ms": 0}, 200)

	// Templates.
	seededTpl := admin("POST", "/templates", map[string]any{"name": "inv", "language": "en_US", "category": "UTILITY",
		"components": bodyComponents}, 200)
	if seededTpl.body["status"] != "pending" || seededTpl.body["id"] == "" {
		t.Fatalf("seed template %s", seededTpl.raw)
	}
	admin("POST", "/templates", map[string]any{"name": ""}, 400)
	admin("POST", "/templates/status", map[string]any{"name": "inv", "language": "en_US", "status": "REJECTED", "rejected_reason": "TAG_CONTENT_MISMATCH"}, 200)
	admin("POST", "/templates/status", map[string]any{"name": "nope", "status": "approved"}, 404)
	if ts := h.em.Templates(); ts[0].Status != "rejected" || ts[0].RejectedReason != "TAG_CONTENT_MISMATCH" {
		t.Fatalf("status %+v", ts[0])
	}
	if ts := admin("GET", "/templates", nil, 200); len(ts.raw) < 10 {
		t.Fatal("templates list empty")
	}

	admin("POST", "/reset", nil, 200)
	if len(h.em.Groups()) != 0 || len(h.em.Templates()) != 0 {
		t.Fatal("reset kept state")
	}
	admin("GET", "/nothing", nil, 404)
	if h.em.TotalCalls() != 0 { // reset zeroed the counters; admin calls are never counted
		t.Fatalf("admin calls counted: %v", h.em.CallCounts())
	}
}

func TestGroupsSnapshotIsACopy(t *testing.T) {
	h := newHarness(t, Options{})
	id, _ := groupWith(t, h, "1", "2")
	g, _ := h.em.Group(id)
	g.Participants[0] = "mutated"
	if g2, _ := h.em.Group(id); !slices.Equal(g2.Participants, []string{"1", "2"}) {
		t.Fatal("snapshot shares memory with the store")
	}
}

func TestAdminFaultLatencyForms(t *testing.T) {
	tests := []struct {
		body any
		want time.Duration
	}{
		{FaultRule{Kind: FaultLatency, Latency: 7 * time.Millisecond}, 7 * time.Millisecond}, // marshalled Go struct
		{map[string]any{"kind": "latency", "latency": "3ms"}, 3 * time.Millisecond},
		{map[string]any{"kind": "latency", "latency_ms": 4}, 4 * time.Millisecond},
	}
	for _, tt := range tests {
		h := newHarness(t, Options{})
		expectStatus(t, h.do("POST", "/_emulator/faults", tt.body), 200)
		if got := h.em.faults.rules[0].rule.Latency; got != tt.want {
			t.Fatalf("%v: latency %v, want %v", tt.body, got, tt.want)
		}
	}
}
