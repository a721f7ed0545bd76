package emulator

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCreateValidation(t *testing.T) {
	long := strings.Repeat("a", 128)
	tests := []struct {
		name string
		body any
		code int // 0 = success
	}{
		{"minimal", map[string]any{"messaging_product": "whatsapp", "subject": "s"}, 0},
		{"missing messaging_product", map[string]any{"subject": "s"}, 100},
		{"wrong messaging_product", map[string]any{"messaging_product": "sms", "subject": "s"}, 100},
		{"missing subject", map[string]any{"messaging_product": "whatsapp"}, 100},
		{"blank subject", map[string]any{"messaging_product": "whatsapp", "subject": "   "}, 100},
		{"subject not a string", map[string]any{"messaging_product": "whatsapp", "subject": 12}, 100},
		{"subject 129", map[string]any{"messaging_product": "whatsapp", "subject": long + "b"}, 100},
		{"subject 128 after trim", map[string]any{"messaging_product": "whatsapp", "subject": "  " + long + "  "}, 0},
		{"subject 128 runes", map[string]any{"messaging_product": "whatsapp", "subject": strings.Repeat("é", 128)}, 0},
		{"description 2048", map[string]any{"messaging_product": "whatsapp", "subject": "d1", "description": strings.Repeat("x", 2048)}, 0},
		{"description 2049", map[string]any{"messaging_product": "whatsapp", "subject": "s", "description": strings.Repeat("x", 2049)}, 100},
		{"mode approval_required", map[string]any{"messaging_product": "whatsapp", "subject": "m", "join_approval_mode": "approval_required"}, 0},
		{"mode invalid", map[string]any{"messaging_product": "whatsapp", "subject": "s", "join_approval_mode": "open"}, 100},
		{"mode empty", map[string]any{"messaging_product": "whatsapp", "subject": "s", "join_approval_mode": ""}, 100},
		{"not an object", []string{"x"}, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			r := h.do("POST", "/groups", tt.body)
			if tt.code != 0 {
				expectError(t, r, 400, tt.code)
				if h.em.PendingCreates() != 0 || len(h.em.Groups()) != 0 {
					t.Fatal("a rejected create left a group")
				}
				return
			}
			expectStatus(t, r, 200)
			gs := h.em.Groups()
			if len(gs) != 1 {
				t.Fatalf("groups = %d", len(gs))
			}
			body := tt.body.(map[string]any)
			if want := strings.TrimSpace(body["subject"].(string)); gs[0].Subject != want {
				t.Fatalf("subject = %q, want trimmed %q", gs[0].Subject, want)
			}
			wantMode := "auto_approve"
			if m, ok := body["join_approval_mode"]; ok {
				wantMode = m.(string)
			}
			if gs[0].JoinApprovalMode != wantMode {
				t.Fatalf("mode = %q, want %q", gs[0].JoinApprovalMode, wantMode)
			}
		})
	}
}

func TestCreateInvalidJSON(t *testing.T) {
	h := newHarness(t, Options{})
	expectError(t, h.doRaw("POST", "/groups", "application/json", []byte("{"), testKey), 400, 100)
}

func TestCreateContentTypes(t *testing.T) {
	h := newHarness(t, Options{})
	form := url.Values{"messaging_product": {"whatsapp"}, "subject": {"form group"}, "join_approval_mode": {"approval_required"}}
	expectStatus(t, h.doRaw("POST", "/groups", "application/x-www-form-urlencoded", []byte(form.Encode()), testKey), 200)
	ctype, body := multipartBody(t, map[string]string{"messaging_product": "whatsapp", "subject": "multipart group"}, nil)
	expectStatus(t, h.doRaw("POST", "/groups", ctype, body, testKey), 200)
	gs := h.em.Groups()
	if len(gs) != 2 || gs[0].Subject != "form group" || gs[0].JoinApprovalMode != "approval_required" || gs[1].Subject != "multipart group" {
		t.Fatalf("groups = %+v", gs)
	}
	form.Del("messaging_product")
	expectError(t, h.doRaw("POST", "/groups", "application/x-www-form-urlencoded", []byte(form.Encode()), testKey), 400, 100)
}

func TestCreateResponseModes(t *testing.T) {
	t.Run("request_id", func(t *testing.T) {
		h := newHarness(t, Options{})
		r := h.do("POST", "/groups", map[string]any{"messaging_product": "whatsapp", "subject": "s"})
		expectStatus(t, r, 200)
		if got := keys(r.body); !slices.Equal(got, []string{"messaging_product", "request_id"}) {
			t.Fatalf("keys = %v", got)
		}
		if r.body["messaging_product"] != "whatsapp" || !digitsRe.MatchString(r.body["request_id"].(string)) {
			t.Fatalf("body = %s", r.raw)
		}
	})
	t.Run("id", func(t *testing.T) {
		h := newHarness(t, Options{CreateResponse: CreateResponseID, CreateDelay: 5 * time.Second})
		r := h.do("POST", "/groups", map[string]any{"messaging_product": "whatsapp", "subject": "s"})
		expectStatus(t, r, 200)
		if got := keys(r.body); !slices.Equal(got, []string{"id"}) {
			t.Fatalf("keys = %v", got)
		}
		id := r.body["id"].(string)
		expectError(t, h.do("GET", "/groups/"+id, nil), 400, 131041)
		h.clock.Advance(5 * time.Second)
		expectStatus(t, h.do("GET", "/groups/"+id, nil), 200)
	})
}

func TestGroupIDsAndLinks(t *testing.T) {
	h := newHarness(t, Options{})
	seen := map[string]bool{}
	for i := range 50 {
		id := h.create("g"+string(rune('A'+i%26))+strings.Repeat("x", i), "")
		if seen[id] {
			t.Fatalf("duplicate id %s", id)
		}
		seen[id] = true
		raw, ok := decodeOpaque(id)
		parts := strings.Split(raw, ":")
		if !ok || len(parts) != 3 || parts[0] != "capi_group" || !digitsRe.MatchString(parts[1]) || !digitsRe.MatchString(parts[2]) {
			t.Fatalf("id %s decodes to %q", id, raw)
		}
		g, _ := h.em.Group(id)
		if !linkRe.MatchString(g.InviteLink) {
			t.Fatalf("link %q", g.InviteLink)
		}
	}
}

func TestMaxGroups(t *testing.T) {
	if New(Options{}).opts.MaxGroups != 10000 {
		t.Fatal("default MaxGroups is not 10000")
	}
	h := newHarness(t, Options{MaxGroups: 2, CreateDelay: time.Minute})
	body := map[string]any{"messaging_product": "whatsapp", "subject": "s"}
	expectStatus(t, h.do("POST", "/groups", body), 200)
	expectStatus(t, h.do("POST", "/groups", body), 200) // pending creations count
	expectError(t, h.do("POST", "/groups", body), 400, 131211)
	h.clock.Advance(time.Minute)
	id := h.em.Groups()[0].ID
	expectStatus(t, h.do("DELETE", "/groups/"+id, nil), 200) // accepted deletion frees the slot
	expectStatus(t, h.do("POST", "/groups", body), 200)
}

func TestCreateDelay(t *testing.T) {
	h := newHarness(t, Options{CreateDelay: 10 * time.Second})
	postedAt := h.clock.Now().Unix()
	expectStatus(t, h.do("POST", "/groups", map[string]any{"messaging_product": "whatsapp", "subject": "later"}), 200)
	check := func(wantVisible bool) {
		t.Helper()
		list := h.do("GET", "/groups", nil)
		groups := list.body["data"].(map[string]any)["groups"].([]any)
		if (len(groups) == 1) != wantVisible || (len(h.em.Groups()) == 1) != wantVisible ||
			(h.em.PendingCreates() == 0) != wantVisible {
			t.Fatalf("visible=%v: list %s, pending %d", wantVisible, list.raw, h.em.PendingCreates())
		}
	}
	check(false)
	h.clock.Advance(10*time.Second - time.Millisecond)
	check(false)
	h.clock.Advance(time.Millisecond)
	check(true)
	g := h.em.Groups()[0]
	if g.CreationTimestamp != postedAt {
		t.Fatalf("creation_timestamp %d, want POST time %d", g.CreationTimestamp, postedAt)
	}
	r := h.do("GET", "/groups/"+g.ID+"?fields=creation_timestamp", nil)
	if int64(num(r.body["creation_timestamp"])) != postedAt {
		t.Fatalf("GET creation_timestamp: %s", r.raw)
	}
}

func TestCreateDelayRealClock(t *testing.T) {
	h := newRealtimeHarness(t, Options{CreateDelay: 30 * time.Millisecond})
	expectStatus(t, h.do("POST", "/groups", map[string]any{"messaging_product": "whatsapp", "subject": "rt"}), 200)
	if len(h.em.Groups()) != 0 {
		t.Fatal("visible before CreateDelay")
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(h.em.Groups()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("never became visible")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestList(t *testing.T) {
	h := newHarness(t, Options{})
	empty := h.do("GET", "/groups", nil)
	expectStatus(t, empty, 200)
	// Graph carries a paging object on every page, an empty one included.
	if _, ok := empty.body["paging"]; !ok || len(empty.body["data"].(map[string]any)["groups"].([]any)) != 0 {
		t.Fatalf("empty list = %s", empty.raw)
	}
	var ids []string
	for _, s := range []string{"b", "a", "c"} {
		ids = append(ids, h.create(s, ""))
	}
	r := h.do("GET", "/groups", nil)
	groups := r.body["data"].(map[string]any)["groups"].([]any)
	for i, g := range groups {
		m := g.(map[string]any)
		if m["id"] != ids[i] || keys(m)[0] != "created_at" || len(m) != 3 {
			t.Fatalf("item %d = %v, want id %s in creation order", i, m, ids[i])
		}
		if _, isNum := m["created_at"].(float64); !isNum {
			t.Fatalf("created_at not a number: %v", m["created_at"])
		}
	}
	paging := r.body["paging"].(map[string]any)
	if _, ok := paging["next"]; ok {
		t.Fatalf("next on the only page: %s", r.raw)
	}
	for _, tt := range []struct {
		q    string
		code int
	}{
		{"limit=0", 100}, {"limit=1025", 100}, {"limit=abc", 100}, {"limit=", 100}, {"limit=-1", 100},
		{"limit=1", 0}, {"limit=1024", 0},
		{"after=x&before=y", 100},
	} {
		t.Run(tt.q, func(t *testing.T) {
			r := h.do("GET", "/groups?"+tt.q, nil)
			if tt.code == 0 {
				expectStatus(t, r, 200)
				return
			}
			expectError(t, r, 400, tt.code)
		})
	}
}

func TestGet(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create("Subject", "approval_required")
	h.em.SeedGroup("other", "", "")
	link, _ := h.em.InviteLink(id)
	if err := h.em.JoinViaLink(link, "15550001"); err != nil {
		t.Fatal(err)
	}
	jr := h.em.JoinRequests(id)[0]
	expectStatus(t, h.do("POST", "/groups/"+id+"/join_requests", map[string]any{"messaging_product": "whatsapp", "join_requests": []string{jr.ID}}), 200)

	tests := []struct {
		fields string
		code   int
		want   map[string]any
	}{
		{"", 0, map[string]any{"id": id, "messaging_product": "whatsapp"}},
		{"subject,join_approval_mode", 0, map[string]any{"id": id, "messaging_product": "whatsapp", "subject": "Subject", "join_approval_mode": "approval_required"}},
		{"description", 0, map[string]any{"id": id, "messaging_product": "whatsapp"}}, // unset: omitted
		{"suspended, total_participant_count", 0, map[string]any{"id": id, "messaging_product": "whatsapp", "suspended": false, "total_participant_count": 1.0}},
		{"participants", 0, map[string]any{"id": id, "messaging_product": "whatsapp", "participants": []any{map[string]any{"wa_id": "15550001"}}}},
		{"invite_link", 100, nil},
		{"profile_picture", 100, nil},
		{"subject,bogus", 100, nil},
	}
	for _, tt := range tests {
		t.Run(tt.fields, func(t *testing.T) {
			r := h.do("GET", "/groups/"+id+"?fields="+url.QueryEscape(tt.fields), nil)
			if tt.code != 0 {
				expectError(t, r, 400, tt.code)
				return
			}
			expectStatus(t, r, 200)
			if !mapsEqualJSON(r.body, tt.want) {
				t.Fatalf("got %s, want %v", r.raw, tt.want)
			}
		})
	}
	r := h.do("GET", "/groups/"+id+"?fields=creation_timestamp", nil)
	if _, isNum := r.body["creation_timestamp"].(float64); !isNum {
		t.Fatalf("creation_timestamp: %s", r.raw)
	}
	for _, bad := range []string{"nope", "Y2FwaV9ncm91cDoxOjI", id + "x"} {
		expectError(t, h.do("GET", "/groups/"+bad, nil), 400, 131041)
	}
}

func TestUpdate(t *testing.T) {
	msg := map[string]any{"messaging_product": "whatsapp"}
	with := func(kv ...any) map[string]any {
		m := map[string]any{"messaging_product": "whatsapp"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name        string
		body        map[string]any
		code        int
		subject     string
		description string
	}{
		{"subject", with("subject", "  New  "), 0, "New", "old desc"},
		{"description", with("description", "new desc"), 0, "Old", "new desc"},
		{"clear description", with("description", ""), 0, "Old", ""},
		{"both", with("subject", "N", "description", "D"), 0, "N", "D"},
		{"nothing", msg, 100, "", ""},
		{"no messaging_product", map[string]any{"subject": "x"}, 100, "", ""},
		{"empty subject", with("subject", ""), 100, "", ""},
		{"blank subject", with("subject", "  "), 100, "", ""},
		{"subject 129", with("subject", strings.Repeat("s", 129)), 100, "", ""},
		{"description 2049", with("description", strings.Repeat("d", 2049)), 100, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			id := h.em.SeedGroup("Old", "old desc", "")
			r := h.do("POST", "/groups/"+id, tt.body)
			g, _ := h.em.Group(id)
			if tt.code != 0 {
				expectError(t, r, 400, tt.code)
				if g.Subject != "Old" || g.Description != "old desc" {
					t.Fatalf("rejected update changed %+v", g)
				}
				return
			}
			expectStatus(t, r, 200)
			if got := keys(r.body); !slices.Equal(got, []string{"messaging_product", "request_id"}) || !digitsRe.MatchString(r.body["request_id"].(string)) {
				t.Fatalf("body %s", r.raw)
			}
			if g.Subject != tt.subject || g.Description != tt.description {
				t.Fatalf("group %+v, want %q/%q", g, tt.subject, tt.description)
			}
		})
	}
}

func TestUpdateUnknownAndSuspended(t *testing.T) {
	h := newHarness(t, Options{})
	body := map[string]any{"messaging_product": "whatsapp", "subject": "x"}
	expectError(t, h.do("POST", "/groups/nope", body), 400, 131041)
	id := h.em.SeedGroup("s", "", "")
	if err := h.em.SetSuspended(id, true); err != nil {
		t.Fatal(err)
	}
	expectError(t, h.do("POST", "/groups/"+id, body), 403, 131207)
}

func TestUpdatePicture(t *testing.T) {
	big := append(jpegBytes(t, 200, 200), make([]byte, 5<<20)...)
	tests := []struct {
		name   string
		fields map[string]string
		file   []byte
		code   int
	}{
		{"192 square jpeg", map[string]string{"messaging_product": "whatsapp"}, jpegBytes(t, 192, 192), 0},
		{"640 square jpeg with subject", map[string]string{"messaging_product": "whatsapp", "subject": "Pic"}, jpegBytes(t, 640, 640), 0},
		{"png", map[string]string{"messaging_product": "whatsapp"}, pngBytes(t, 200), 100},
		{"garbage", map[string]string{"messaging_product": "whatsapp"}, []byte("not an image"), 100},
		{"not square", map[string]string{"messaging_product": "whatsapp"}, jpegBytes(t, 300, 200), 131209},
		{"191 square", map[string]string{"messaging_product": "whatsapp"}, jpegBytes(t, 191, 191), 131210},
		{"over 5 MB", map[string]string{"messaging_product": "whatsapp"}, big, 100},
		{"no messaging_product", map[string]string{}, jpegBytes(t, 192, 192), 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			id := h.em.SeedGroup("s", "", "")
			ctype, body := multipartBody(t, tt.fields, tt.file)
			r := h.doRaw("POST", "/groups/"+id, ctype, body, testKey)
			g, _ := h.em.Group(id)
			if tt.code != 0 {
				expectError(t, r, 400, tt.code)
				if g.PictureSHA256 != "" {
					t.Fatal("rejected picture stored")
				}
				return
			}
			expectStatus(t, r, 200)
			if g.PictureSHA256 != sha256Hex(tt.file) {
				t.Fatalf("sha = %q, want %q", g.PictureSHA256, sha256Hex(tt.file))
			}
			if s := tt.fields["subject"]; s != "" && g.Subject != s {
				t.Fatalf("subject %q not applied", s)
			}
		})
	}
}

func TestUpdateDelay(t *testing.T) {
	h := newHarness(t, Options{UpdateDelay: 3 * time.Second})
	id := h.em.SeedGroup("Old", "", "")
	expectStatus(t, h.do("POST", "/groups/"+id, map[string]any{"messaging_product": "whatsapp", "subject": "New"}), 200)
	subject := func() string {
		return h.do("GET", "/groups/"+id+"?fields=subject", nil).body["subject"].(string)
	}
	if got := subject(); got != "Old" {
		t.Fatalf("subject before UpdateDelay = %q", got)
	}
	h.clock.Advance(3 * time.Second)
	if got := subject(); got != "New" {
		t.Fatalf("subject after UpdateDelay = %q", got)
	}
}

func TestDelete(t *testing.T) {
	h := newHarness(t, Options{DeleteDelay: 5 * time.Second})
	id := h.em.SeedGroup("doomed", "", "")
	keep := h.em.SeedGroup("kept", "", "")
	r := h.do("DELETE", "/groups/"+id, nil)
	expectStatus(t, r, 200)
	if string(r.raw) != `{"success":true}` {
		t.Fatalf("body %s", r.raw)
	}
	listed := func() int { return len(h.do("GET", "/groups", nil).body["data"].(map[string]any)["groups"].([]any)) }
	expectStatus(t, h.do("GET", "/groups/"+id, nil), 200)
	if g, ok := h.em.Group(id); !ok || !g.Deleting || listed() != 2 {
		t.Fatalf("during DeleteDelay: %+v %v, listed %d", g, ok, listed())
	}
	h.clock.Advance(3 * time.Second)
	expectStatus(t, h.do("DELETE", "/groups/"+id, nil), 200) // again while deleting: same deadline
	h.clock.Advance(2 * time.Second)
	expectError(t, h.do("GET", "/groups/"+id, nil), 400, 131041)
	expectError(t, h.do("DELETE", "/groups/"+id, nil), 400, 131041)
	expectError(t, h.do("GET", "/groups/"+id+"/invite_link", nil), 400, 131041)
	if listed() != 1 || len(h.em.Groups()) != 1 || h.em.Groups()[0].ID != keep {
		t.Fatal("deleted group still listed")
	}
	if err := h.em.SetSuspended(keep, true); err != nil {
		t.Fatal(err)
	}
	expectError(t, h.do("DELETE", "/groups/"+keep, nil), 403, 131207)
}

func TestSuspendedGroup(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("s", "", "approval_required")
	if err := h.em.SetSuspended(id, true); err != nil {
		t.Fatal(err)
	}
	msg := map[string]any{"messaging_product": "whatsapp"}
	tests := []struct {
		method, path string
		body         any
	}{
		{"POST", "/groups/" + id, map[string]any{"messaging_product": "whatsapp", "subject": "x"}},
		{"DELETE", "/groups/" + id, nil},
		{"POST", "/groups/" + id + "/invite_link", msg},
		{"DELETE", "/groups/" + id + "/invite_link", msg},
		{"POST", "/groups/" + id + "/join_requests", map[string]any{"messaging_product": "whatsapp", "join_requests": []string{"x"}}},
		{"DELETE", "/groups/" + id + "/join_requests", map[string]any{"messaging_product": "whatsapp", "join_requests": []string{"x"}}},
		{"DELETE", "/groups/" + id + "/participants", map[string]any{"messaging_product": "whatsapp", "participants": []any{map[string]string{"user": "1"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			expectError(t, h.do(tt.method, tt.path, tt.body), 403, 131207)
		})
	}
	r := h.do("GET", "/groups/"+id+"?fields=suspended", nil)
	if r.body["suspended"] != true {
		t.Fatalf("GET %s", r.raw)
	}
	expectStatus(t, h.do("GET", "/groups/"+id+"/invite_link", nil), 200)
	expectStatus(t, h.do("GET", "/groups/"+id+"/join_requests", nil), 200)
	if err := h.em.SetSuspended(id, false); err != nil {
		t.Fatal(err)
	}
	expectStatus(t, h.do("POST", "/groups/"+id, map[string]any{"messaging_product": "whatsapp", "subject": "x"}), 200)
}

func TestCreateFailuresDecidedByTheNumbersState(t *testing.T) {
	for _, code := range []int{131214, 131215} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			h := newHarness(t, Options{})
			h.em.FailCreates(code)
			r := h.do("POST", "/groups", map[string]any{"messaging_product": "whatsapp", "subject": "s"})
			expectError(t, r, 400, code)
			if h.em.PendingCreates() != 0 {
				t.Fatal("a refused create must not create anything")
			}
			h.em.FailCreates(0)
			if r := h.do("POST", "/groups", map[string]any{"messaging_product": "whatsapp", "subject": "s"}); r.status != 200 {
				t.Fatalf("create after clearing the failure: HTTP %d", r.status)
			}
		})
	}
}
