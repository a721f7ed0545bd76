package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

const testToken = "test-token"

// graphDo sends a request with the given Authorization header (none when
// empty) and no 360dialog key.
func (h *harness) graphDo(method, path string, body any, auth string) resp {
	h.t.Helper()
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, bytes.NewReader(raw))
	if err != nil {
		h.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := h.client.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	out := resp{status: res.StatusCode}
	out.raw, _ = io.ReadAll(res.Body)
	_ = json.Unmarshal(out.raw, &out.body)
	return out
}

func (h *harness) graph(method, path string, body any) resp {
	h.t.Helper()
	return h.graphDo(method, path, body, "Bearer "+testToken)
}

func newGraphHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	opts.AccessToken = testToken
	return newHarness(t, opts)
}

const (
	graphGroups    = "/v23.0/" + DefaultPhoneNumberID + "/groups"
	graphTemplates = "/v23.0/" + DefaultBusinessAccountID + "/message_templates"
)

// Meta's paths take a Bearer token and answer Graph's 401s: 104 without a
// token, 190 for a wrong one, in Graph's envelope whatever ErrorStyle says
// (it describes 360dialog's gateway). The 360dialog key is no credential.
func TestGraphAuth(t *testing.T) {
	h := newGraphHarness(t, Options{ErrorStyle: ErrorStyleMeta})
	for _, tc := range []struct {
		name, auth, key string
		status, code    int
	}{
		{"no token", "", "", 401, 104},
		{"360dialog key instead of a token", "", testKey, 401, 104},
		{"wrong token", "Bearer nope", "", 401, 190},
		{"token without Bearer", testToken, "", 401, 190},
		{"right token", "Bearer " + testToken, "", 200, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", h.srv.URL+graphGroups, nil)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			if tc.key != "" {
				req.Header.Set("D360-API-KEY", tc.key)
			}
			res, err := h.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(res.Body)
			res.Body.Close()
			r := resp{status: res.StatusCode, raw: raw}
			_ = json.Unmarshal(raw, &r.body)
			if tc.code == 0 {
				expectStatus(t, r, tc.status)
				return
			}
			expectError(t, r, tc.status, tc.code)
		})
	}
	if got := h.em.Calls("unauthorized"); got != 4 {
		t.Fatalf("unauthorized = %d, want 4", got)
	}
	// And the other way round: a Bearer token opens no 360dialog path.
	expectStatus(t, h.graphDo("GET", "/groups", nil, "Bearer "+testToken), 401)
}

func TestGraphWithoutAccessTokenAuthorisesNothing(t *testing.T) {
	h := newHarness(t, Options{})
	expectError(t, h.graphDo("GET", graphGroups, nil, "Bearer "), 401, 190)
	expectError(t, h.graphDo("GET", graphGroups, nil, "Bearer x"), 401, 190)
}

func TestGraphVersionIsChecked(t *testing.T) {
	h := newGraphHarness(t, Options{})
	expectError(t, h.graph("GET", "/v99.0/"+DefaultPhoneNumberID+"/groups", nil), 400, 100)
	expectError(t, h.graph("GET", "/v2.0/"+DefaultPhoneNumberID+"/groups", nil), 400, 2635)
	for _, v := range DefaultGraphVersions {
		expectStatus(t, h.graph("GET", "/"+v+"/"+DefaultPhoneNumberID+"/groups", nil), 200)
	}
	h2 := newGraphHarness(t, Options{GraphVersions: []string{"v30.0"}})
	expectError(t, h2.graph("GET", graphGroups, nil), 400, 2635)
}

// Groups hang off the configured phone number and templates off the
// configured business account; another id is Graph's unknown node.
func TestGraphUnknownNodes(t *testing.T) {
	h := newGraphHarness(t, Options{})
	for _, path := range []string{"/v23.0/999/groups", "/v23.0/999/message_templates", "/v23.0/999/messages", "/v23.0/" + DefaultPhoneNumberID + "/message_templates"} {
		r := h.graph("GET", path, nil)
		expectError(t, r, 400, 100)
		if sub := num(r.body["error"].(map[string]any)["error_subcode"]); sub != 33 {
			t.Errorf("%s: subcode %v, want 33", path, sub)
		}
	}
	expectError(t, h.graph("GET", "/v23.0/G1/nothing", nil), 404, 100)
}

// One store behind both backends: what one creates the other sees, and
// every route counts under the same name.
func TestGraphGroupRoutesShareTheStore(t *testing.T) {
	h := newGraphHarness(t, Options{})
	r := h.graph("POST", graphGroups, map[string]any{"messaging_product": "whatsapp", "subject": "Meta group", "join_approval_mode": "approval_required"})
	expectStatus(t, r, 200)
	if r.body["request_id"] == nil {
		t.Fatalf("create answer %s", r.raw)
	}
	list := h.do("GET", "/groups", nil) // 360dialog sees it
	groups := list.body["data"].(map[string]any)["groups"].([]any)
	if len(groups) != 1 {
		t.Fatalf("360dialog list = %s", list.raw)
	}
	id := groups[0].(map[string]any)["id"].(string)
	viaGraph := h.graph("GET", graphGroups+"?limit=1", nil)
	if g := viaGraph.body["data"].(map[string]any)["groups"].([]any); len(g) != 1 {
		t.Fatalf("Graph list = %s", viaGraph.raw)
	}
	got := h.graph("GET", "/v23.0/"+id+"?fields=subject,join_approval_mode", nil)
	if got.body["subject"] != "Meta group" || got.body["join_approval_mode"] != "approval_required" {
		t.Fatalf("get = %s", got.raw)
	}
	expectStatus(t, h.graph("POST", "/v23.0/"+id, map[string]any{"messaging_product": "whatsapp", "description": "d"}), 200)
	link := h.graph("GET", "/v23.0/"+id+"/invite_link", nil)
	if !linkRe.MatchString(link.body["invite_link"].(string)) {
		t.Fatalf("invite link %s", link.raw)
	}
	expectStatus(t, h.graph("POST", "/v23.0/"+id+"/invite_link", map[string]any{"messaging_product": "whatsapp"}), 200)
	if err := h.em.JoinViaLink(h.graph("GET", "/v23.0/"+id+"/invite_link", nil).body["invite_link"].(string), "15550001"); err != nil {
		t.Fatal(err)
	}
	reqs := h.graph("GET", "/v23.0/"+id+"/join_requests", nil)
	items := reqs.body["data"].([]any)
	if len(items) != 1 {
		t.Fatalf("join requests %s", reqs.raw)
	}
	jr := items[0].(map[string]any)["join_request_id"]
	expectStatus(t, h.graph("POST", "/v23.0/"+id+"/join_requests", map[string]any{"messaging_product": "whatsapp", "join_requests": []any{jr}}), 200)
	expectStatus(t, h.graph("DELETE", "/v23.0/"+id+"/participants", map[string]any{"messaging_product": "whatsapp", "participants": []any{map[string]string{"user": "15550001"}}}), 200)
	expectStatus(t, h.graph("DELETE", "/v23.0/"+id, nil), 200)
	expectError(t, h.graph("GET", "/v23.0/"+id+"?fields=subject", nil), 400, 131041)
	for _, name := range []string{"groups.create", "groups.list", "groups.get", "groups.update", "groups.delete", "invite_link.get",
		"invite_link.reset", "join_requests.list", "join_requests.approve", "participants.remove"} {
		if h.em.Calls(name) == 0 {
			t.Errorf("%s not counted: %v", name, h.em.CallCounts())
		}
	}
}

// Graph errors stay in Graph's envelope even when the 360dialog side wraps
// them in its meta envelope.
func TestGraphErrorsUseGraphEnvelope(t *testing.T) {
	h := newGraphHarness(t, Options{ErrorStyle: ErrorStyleMeta})
	expectError(t, h.graph("GET", "/v23.0/nope?fields=subject", nil), 400, 131041)
	r := h.do("GET", "/groups/nope?fields=subject", nil)
	if r.body["meta"] == nil {
		t.Fatalf("360dialog path lost its meta envelope: %s", r.raw)
	}
}

// Templates: create answers 200 {id,status,category}; the list is Graph's
// data + paging with one parameter per filter; delete names the template in
// the query and removes every language.
func TestGraphTemplates(t *testing.T) {
	h := newGraphHarness(t, Options{})
	for _, lang := range []string{"en_US", "de", "fr"} {
		r := h.graph("POST", graphTemplates, map[string]any{"name": "group_invite", "language": lang, "category": "UTILITY", "library_template_name": "group_invite_link"})
		expectStatus(t, r, 200)
		if r.body["id"] == "" || r.body["status"] != "APPROVED" || r.body["category"] != "UTILITY" {
			t.Fatalf("create answer %s", r.raw)
		}
	}
	expectStatus(t, h.graph("POST", graphTemplates, map[string]any{"name": "other", "language": "en_US", "category": "MARKETING",
		"components": []any{map[string]any{"type": "BODY", "text": "hi"}}}), 200)
	expectError(t, h.graph("POST", graphTemplates, map[string]any{"name": "Bad Name", "language": "en_US", "category": "UTILITY", "library_template_name": "x"}), 400, 100)

	// Page through the three languages of group_invite one at a time.
	var langs []string
	path := graphTemplates + "?name=group_invite&limit=1"
	for i := 0; path != "" && i < 5; i++ {
		r := h.graph("GET", path, nil)
		expectStatus(t, r, 200)
		if _, ok := r.body["waba_templates"]; ok {
			t.Fatalf("Graph list answered 360dialog's shape: %s", r.raw)
		}
		for _, it := range r.body["data"].([]any) {
			m := it.(map[string]any)
			if m["name"] != "group_invite" || m["status"] != "APPROVED" {
				t.Fatalf("item %v", m)
			}
			langs = append(langs, m["language"].(string))
		}
		path = ""
		if pg, ok := r.body["paging"].(map[string]any); ok && pg["next"] != nil {
			path = graphTemplates + "?name=group_invite&limit=1&after=" + pg["cursors"].(map[string]any)["after"].(string)
		}
	}
	if len(langs) != 3 {
		t.Fatalf("paged languages %v, want 3", langs)
	}
	if r := h.graph("GET", graphTemplates+"?status=pending", nil); len(r.body["data"].([]any)) != 1 {
		t.Fatalf("status filter: %s", r.raw)
	}
	expectError(t, h.graph("DELETE", graphTemplates, nil), 400, 100)
	r := h.graph("DELETE", graphTemplates+"?name=group_invite", nil)
	if r.status != 200 || r.body["success"] != true {
		t.Fatalf("delete answer %d %s", r.status, r.raw)
	}
	if n := len(h.em.Templates()); n != 1 {
		t.Fatalf("%d templates left, want only the other name", n)
	}
	expectError(t, h.graph("DELETE", graphTemplates+"?name=group_invite", nil), 400, 100)
}

func TestAuthHeadersAndRouteNames(t *testing.T) {
	h := newGraphHarness(t, Options{})
	h.do("GET", "/groups", nil)
	h.graph("GET", graphGroups, nil)
	h.graph("GET", graphGroups, nil)
	if k, b := h.em.AuthHeaders(); k != 1 || b != 2 {
		t.Fatalf("AuthHeaders = %d key, %d bearer; want 1 and 2", k, b)
	}
	// The admin surface shows them too (make demo BACKEND=meta checks them).
	c := h.doRaw("GET", "/_emulator/counters", "", nil, "")
	if ah, _ := c.body["auth_headers"].(map[string]any); num(ah["d360_api_key"]) != 1 || num(ah["bearer"]) != 2 {
		t.Fatalf("counters %s", c.raw)
	}
	for path, want := range map[string]string{"/groups": "groups.list", graphGroups: "groups.list", graphTemplates: "templates.list",
		"/v23.0/G1/join_requests": "join_requests.list", "/v1/configs/templates": "templates.list"} {
		if got := h.em.RouteName(httptest.NewRequest("GET", path, nil)); got != want {
			t.Errorf("RouteName(%s) = %q, want %q", path, got, want)
		}
	}
	h.em.ResetCounters()
	if k, b := h.em.AuthHeaders(); k != 0 || b != 0 {
		t.Fatal("ResetCounters kept the header counts")
	}
}
