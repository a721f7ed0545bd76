package emulator

import (
	"net/http"
	"testing"
)

func TestAuth(t *testing.T) {
	for _, style := range []ErrorStyle{ErrorStyleGraph, ErrorStyleMeta, ErrorStyleString} {
		h := newHarness(t, Options{ErrorStyle: style})
		tests := []struct {
			name, method, path, key string
			want                    int
		}{
			{"missing key", "GET", "/groups", "", 401},
			{"wrong key", "GET", "/groups", "nope", 401},
			{"wrong key on unknown path", "GET", "/nowhere", "nope", 401},
			{"wrong key on templates", "GET", "/v1/configs/templates", "nope", 401},
			{"right key", "GET", "/groups", testKey, 200},
		}
		for _, tt := range tests {
			t.Run(string(style)+"/"+tt.name, func(t *testing.T) {
				r := h.doRaw(tt.method, tt.path, "", nil, tt.key)
				expectStatus(t, r, tt.want)
				if tt.want != 401 {
					return
				}
				meta, _ := r.body["meta"].(map[string]any)
				if meta == nil || meta["success"] != false || num(meta["http_code"]) != 401 ||
					meta["developer_message"] != "Invalid api_key" || meta["360dialog_trace_id"] == "" {
					t.Fatalf("401 body = %s", r.raw)
				}
			})
		}
		if got := h.em.Calls("unauthorized"); got != 4 {
			t.Fatalf("unauthorized = %d, want 4", got)
		}
		if got := h.em.Calls("groups.list"); got != 1 {
			t.Fatalf("groups.list = %d, want 1", got)
		}
	}
}

func TestEmptyAPIKeyAuthorisesNothing(t *testing.T) {
	em := New(Options{})
	req, _ := http.NewRequest("GET", "/groups", nil)
	if em.authorized(req) {
		t.Fatal("a request without key passed an emulator without key")
	}
}

func TestRouteNamesAndCounting(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("s", "", "")
	tests := []struct{ method, path, route string }{
		{"POST", "/groups", "groups.create"},
		{"GET", "/groups", "groups.list"},
		{"GET", "/groups/" + id, "groups.get"},
		{"POST", "/groups/" + id, "groups.update"},
		{"GET", "/groups/" + id + "/invite_link", "invite_link.get"},
		{"POST", "/groups/" + id + "/invite_link", "invite_link.reset"},
		{"DELETE", "/groups/" + id + "/invite_link", "invite_link.delete"},
		{"GET", "/groups/" + id + "/join_requests", "join_requests.list"},
		{"POST", "/groups/" + id + "/join_requests", "join_requests.approve"},
		{"DELETE", "/groups/" + id + "/join_requests", "join_requests.reject"},
		{"DELETE", "/groups/" + id + "/participants", "participants.remove"},
		{"POST", "/groups/" + id + "/participants", "participants.add"},
		{"POST", "/v1/configs/templates", "templates.create"},
		{"GET", "/v1/configs/templates", "templates.list"},
		{"DELETE", "/v1/configs/templates/x", "templates.delete"},
		{"DELETE", "/groups/" + id, "groups.delete"},
	}
	for i, tt := range tests {
		t.Run(tt.route, func(t *testing.T) {
			h.do(tt.method, tt.path, map[string]any{})
			if got := h.em.Calls(tt.route); got != 1 {
				t.Fatalf("Calls(%q) = %d, want 1 (counts %v)", tt.route, got, h.em.CallCounts())
			}
			if got := h.em.TotalCalls(); got != i+1 {
				t.Fatalf("TotalCalls = %d, want %d", got, i+1)
			}
		})
	}
	// Admin calls are not counted.
	h.doRaw("GET", "/_emulator/counters", "", nil, "")
	if got := h.em.TotalCalls(); got != len(tests) {
		t.Fatalf("admin call counted: total %d", got)
	}
	h.em.ResetCounters()
	if h.em.TotalCalls() != 0 || len(h.em.CallCounts()) != 0 {
		t.Fatal("ResetCounters left counts")
	}
}

func TestUnknownRoutes(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("s", "", "")
	tests := []struct{ method, path string }{
		{"GET", "/"},
		{"GET", "/groups/"},
		{"PUT", "/groups"},
		{"DELETE", "/groups"},
		{"PATCH", "/groups/" + id},
		{"GET", "/groups/" + id + "/participants"},
		{"PUT", "/groups/" + id + "/invite_link"},
		{"GET", "/groups/" + id + "/nothing"},
		{"GET", "/groups/" + id + "/invite_link/extra"},
		{"GET", "/v1/configs/templates/x"},
		{"DELETE", "/v1/configs/templates/"},
		{"GET", "/15550100360/groups"},
		{"GET", "/messages"}, // only POST /messages (template sends) exists
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			expectError(t, h.do(tt.method, tt.path, nil), 404, 100)
		})
	}
	if got := h.em.Calls("unknown"); got != len(tests) {
		t.Fatalf("unknown = %d, want %d", got, len(tests))
	}
}
