package emulator

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

var bodyComponents = []any{map[string]any{"type": "BODY", "text": "Join us: {{1}}"}}

func tpl(kv ...any) map[string]any {
	m := map[string]any{"name": "invite", "category": "UTILITY", "language": "en_US", "components": bodyComponents}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(m, kv[i].(string))
			continue
		}
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func TestTemplateCreate(t *testing.T) {
	tests := []struct {
		name    string
		body    map[string]any
		code    int
		subcode int
		status  string
	}{
		{"custom", tpl(), 0, 0, "PENDING"},
		{"library", tpl("components", nil, "library_template_name", "group_invite_link"), 0, 0, "APPROVED"},
		{"library with components and string button inputs", tpl("library_template_name", "group_invite_link",
			"library_template_button_inputs", `[{"type":"URL","url":{"base_url":"https://x.example"}}]`), 0, 0, "APPROVED"},
		{"library with array button inputs", tpl("library_template_name", "l", "library_template_button_inputs",
			[]any{map[string]any{"type": "PHONE_NUMBER", "phone_number": "+1555"}}), 0, 0, "APPROVED"},
		{"library not utility", tpl("category", "MARKETING", "library_template_name", "l"), 100, 0, ""},
		{"marketing custom", tpl("category", "MARKETING"), 0, 0, "PENDING"},
		{"authentication custom", tpl("category", "AUTHENTICATION"), 0, 0, "PENDING"},
		{"uppercase name", tpl("name", "Invite"), 100, 2388046, ""},
		{"name with dash", tpl("name", "in-vite"), 100, 2388046, ""},
		{"name 512", tpl("name", strings.Repeat("a", 512)), 0, 0, "PENDING"},
		{"name 513", tpl("name", strings.Repeat("a", 513)), 100, 2388046, ""},
		{"no name", tpl("name", nil), 100, 0, ""},
		{"lowercase category", tpl("category", "utility"), 100, 0, ""},
		{"no category", tpl("category", nil), 100, 0, ""},
		{"no language", tpl("language", nil), 100, 0, ""},
		{"bad language", tpl("language", "english"), 100, 0, ""},
		{"neither library nor components", tpl("components", nil), 100, 0, ""},
		{"components not an array", tpl("components", "BODY"), 100, 0, ""},
		{"empty components", tpl("components", []any{}), 100, 0, ""},
		{"body over 1024", tpl("components", []any{map[string]any{"type": "BODY", "text": strings.Repeat("x", 1025)}}), 100, 0, ""},
		{"button inputs not JSON", tpl("library_template_name", "l", "library_template_button_inputs", "nope"), 100, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			r := h.do("POST", "/v1/configs/templates", tt.body)
			if tt.code != 0 {
				e := expectError(t, r, 400, tt.code)
				if _, meta := r.body["meta"]; !meta {
					t.Fatalf("template error not in the meta envelope: %s", r.raw)
				}
				if sub := int(num(e["error_subcode"])); sub != tt.subcode {
					t.Fatalf("subcode %d, want %d", sub, tt.subcode)
				}
				if len(h.em.Templates()) != 0 {
					t.Fatal("rejected template stored")
				}
				return
			}
			expectStatus(t, r, 201)
			if !slices.Equal(keys(r.body), []string{"category", "id", "status"}) || r.body["status"] != tt.status ||
				r.body["category"] != tt.body["category"] || !digitsRe.MatchString(r.body["id"].(string)) {
				t.Fatalf("body %s", r.raw)
			}
			ts := h.em.Templates()
			if len(ts) != 1 || ts[0].ID != r.body["id"] || ts[0].Status != strings.ToLower(tt.status) {
				t.Fatalf("stored %+v", ts)
			}
			if in := tt.body["library_template_button_inputs"]; in != nil && !strings.HasPrefix(string(ts[0].LibraryTemplateButtonInputs), "[{") {
				t.Fatalf("button inputs stored as %s", ts[0].LibraryTemplateButtonInputs)
			}
		})
	}
}

func TestTemplateDuplicate(t *testing.T) {
	h := newHarness(t, Options{})
	expectStatus(t, h.do("POST", "/v1/configs/templates", tpl()), 201)
	r := h.do("POST", "/v1/configs/templates", tpl())
	if e := expectError(t, r, 400, 100); num(e["error_subcode"]) != 2388024 || e["error_user_title"] != "Message template already exists" {
		t.Fatalf("duplicate error %s", r.raw)
	}
	expectStatus(t, h.do("POST", "/v1/configs/templates", tpl("language", "de")), 201)
}

func TestTemplateList(t *testing.T) {
	h := newHarness(t, Options{})
	for _, b := range []map[string]any{
		tpl("name", "zeta"), tpl("name", "alpha"), tpl("name", "alpha", "language", "de"),
		tpl("name", "lib", "components", nil, "library_template_name", "group_invite_link"),
		tpl("name", "promo", "category", "MARKETING"),
	} {
		expectStatus(t, h.do("POST", "/v1/configs/templates", b), 201)
	}
	if err := h.em.SetTemplateStatus("promo", "en_US", "REJECTED", "INVALID_FORMAT"); err != nil {
		t.Fatal(err)
	}
	zetaID := h.em.Templates()[0].ID

	all := h.do("GET", "/v1/configs/templates", nil)
	expectStatus(t, all, 200)
	if !slices.Equal(keys(all.body), []string{"count", "filters", "limit", "offset", "sort", "total", "waba_templates"}) ||
		num(all.body["count"]) != 5 || num(all.body["total"]) != 5 || num(all.body["limit"]) != 50 {
		t.Fatalf("list %s", all.raw)
	}
	items := all.body["waba_templates"].([]any)
	first := items[0].(map[string]any)
	if first["name"] != "alpha" || first["language"] != "de" || first["status"] != "pending" || first["rejected_reason"] != "NONE" ||
		first["quality_score"].(map[string]any)["score"] == nil || first["namespace"] == "" || first["modified_at"] == "" ||
		first["components"] == nil {
		t.Fatalf("first item %v (default sort is by name)", first)
	}
	lib := items[2].(map[string]any)
	if lib["name"] != "lib" || lib["status"] != "approved" || lib["library_template_name"] != "group_invite_link" {
		t.Fatalf("library item %v", lib)
	}
	promo := items[3].(map[string]any)
	if promo["status"] != "rejected" || promo["rejected_reason"] != "INVALID_FORMAT" {
		t.Fatalf("rejected item %v", promo)
	}

	names := func(r resp) []string {
		var out []string
		for _, it := range r.body["waba_templates"].([]any) {
			m := it.(map[string]any)
			out = append(out, m["name"].(string)+"/"+m["language"].(string))
		}
		return out
	}
	tests := []struct {
		query string
		code  int
		want  []string
	}{
		{`filters={"name":"alpha"}`, 0, []string{"alpha/de", "alpha/en_US"}},
		{`filters={"business_templates.name":"zeta"}`, 0, []string{"zeta/en_US"}},
		{`filters={"id":"` + zetaID + `"}`, 0, []string{"zeta/en_US"}},
		{`filters={"status":"APPROVED"}`, 0, []string{"lib/en_US"}},
		{`filters={"language":"de"}`, 0, []string{"alpha/de"}},
		{`filters={"category":"MARKETING"}`, 0, []string{"promo/en_US"}},
		{`filters={"name":"alpha","language":"en_US"}`, 0, []string{"alpha/en_US"}},
		{`filters={"name":"none"}`, 0, nil},
		{`sort=-business_templates.name`, 0, []string{"zeta/en_US", "promo/en_US", "lib/en_US", "alpha/de", "alpha/en_US"}},
		{`limit=2&offset=1`, 0, []string{"alpha/en_US", "lib/en_US"}},
		{`offset=10`, 0, nil},
		{`filters={"bogus":"x"}`, 100, nil},
		{`filters={"name":1}`, 100, nil},
		{`filters=notjson`, 100, nil},
		{`sort=bogus`, 100, nil},
		{`limit=0`, 100, nil},
		{`limit=1001`, 100, nil},
		{`offset=-1`, 100, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			r := h.do("GET", "/v1/configs/templates?"+q.Encode(), nil)
			if tt.code != 0 {
				expectError(t, r, 400, tt.code)
				return
			}
			expectStatus(t, r, 200)
			if got := names(r); !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			if int(num(r.body["count"])) != len(tt.want) {
				t.Fatalf("count %v", r.body["count"])
			}
		})
	}
}

func TestTemplateReview(t *testing.T) {
	h := newHarness(t, Options{TemplateReviewDelay: time.Hour})
	expectStatus(t, h.do("POST", "/v1/configs/templates", tpl()), 201)
	status := func() string {
		return h.do("GET", "/v1/configs/templates", nil).body["waba_templates"].([]any)[0].(map[string]any)["status"].(string)
	}
	if got := status(); got != "pending" {
		t.Fatalf("status %s", got)
	}
	h.clock.Advance(time.Hour)
	if got := status(); got != "approved" {
		t.Fatalf("status after review %s", got)
	}
	// Without a review delay templates stay pending until the admin decides.
	h2 := newHarness(t, Options{})
	expectStatus(t, h2.do("POST", "/v1/configs/templates", tpl()), 201)
	h2.clock.Advance(1000 * time.Hour)
	if s := h2.em.Templates()[0].Status; s != "pending" {
		t.Fatalf("status %s", s)
	}
	if err := h2.em.SetTemplateStatus("invite", "", "approved", ""); err != nil || h2.em.Templates()[0].Status != "approved" {
		t.Fatalf("SetTemplateStatus: %v", err)
	}
	if err := h2.em.SetTemplateStatus("invite", "", "weird", ""); err == nil {
		t.Fatal("unknown status accepted")
	}
	if err := h2.em.SetTemplateStatus("nope", "", "approved", ""); err == nil {
		t.Fatal("unknown template accepted")
	}
}

func TestTemplateDelete(t *testing.T) {
	h := newHarness(t, Options{})
	for _, b := range []map[string]any{tpl(), tpl("language", "de"), tpl("name", "other")} {
		expectStatus(t, h.do("POST", "/v1/configs/templates", b), 201)
	}
	r := h.do("DELETE", "/v1/configs/templates/invite", nil)
	expectStatus(t, r, 200)
	if string(r.raw) != `{"meta":{"developer_message":"template name=invite was deleted","http_code":200,"success":true}}` {
		t.Fatalf("body %s", r.raw)
	}
	if ts := h.em.Templates(); len(ts) != 1 || ts[0].Name != "other" {
		t.Fatalf("left %+v", ts)
	}
	gone := h.do("DELETE", "/v1/configs/templates/invite", nil)
	expectStatus(t, gone, 404)
	if m, _ := gone.body["meta"].(map[string]any); m == nil || int(num(m["http_code"])) != 404 || m["success"] != false {
		t.Fatalf("unknown template delete: %s", gone.raw)
	}
	expectStatus(t, h.do("POST", "/v1/configs/templates", tpl()), 201) // the name can be used again
}

func TestSeedTemplate(t *testing.T) {
	h := newHarness(t, Options{})
	custom := h.em.SeedTemplate(Template{Name: "a", Language: "en", Category: "UTILITY"})
	lib := h.em.SeedTemplate(Template{Name: "b", Language: "en", Category: "UTILITY", LibraryTemplateName: "x"})
	rejected := h.em.SeedTemplate(Template{Name: "c", Language: "en", Category: "MARKETING", Status: "REJECTED"})
	if custom.ID == "" || custom.Status != "pending" || custom.RejectedReason != "NONE" || lib.Status != "approved" ||
		rejected.Status != "rejected" || rejected.RejectedReason == "NONE" || custom.ID == lib.ID {
		t.Fatalf("%+v %+v %+v", custom, lib, rejected)
	}
}
