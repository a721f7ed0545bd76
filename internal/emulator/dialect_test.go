package emulator

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"strings"
	"testing"
	"time"
)

func boolPtr(b bool) *bool { return &b }

func TestDialectCreateResponse(t *testing.T) {
	for reading, want := range map[string]string{"": "request_id", "request_id": "request_id", CreateIDIsGroup: "group", CreateIDIsRequest: "request"} {
		h := newHarness(t, Options{Dialect: Dialect{CreateResponse: reading}})
		r := h.do("POST", "/groups", map[string]any{"messaging_product": "whatsapp", "subject": "s"})
		expectStatus(t, r, 200)
		id, hasID := r.body["id"].(string)
		_, hasReq := r.body["request_id"]
		groups := h.em.Groups()
		switch want {
		case "request_id":
			if !hasReq || hasID {
				t.Errorf("%q: %s", reading, r.raw)
			}
		case "group":
			if !hasID || id != groups[0].ID {
				t.Errorf("%q: %s, group %s", reading, r.raw, groups[0].ID)
			}
		case "request":
			if !hasID || id == groups[0].ID || !digitsRe.MatchString(id) {
				t.Errorf("%q: %s, group %s", reading, r.raw, groups[0].ID)
			}
		}
	}
}

func TestDialectNotFound(t *testing.T) {
	h := newHarness(t, Options{Dialect: Dialect{NotFound: NotFoundGraph33}})
	e := expectError(t, h.do("GET", "/groups/nope?fields=subject", nil), 400, 100)
	if num(e["error_subcode"]) != 33 || !strings.Contains(e["error_data"].(map[string]any)["details"].(string), "does not exist") {
		t.Fatalf("not found as 100/33: %v", e)
	}
	h = newHarness(t, Options{Dialect: Dialect{NotFound: "http_404"}})
	r := h.do("GET", "/groups/nope", nil)
	if r.status != 404 || len(r.raw) != 0 {
		t.Fatalf("bare 404: %d %s", r.status, r.raw)
	}
}

func TestDialectErrorDataString(t *testing.T) {
	h := newHarness(t, Options{Dialect: Dialect{ErrorData: ErrorDataString}})
	r := h.do("GET", "/groups/nope", nil)
	e, _ := r.body["error"].(map[string]any)
	s, ok := e["error_data"].(string)
	var data map[string]any
	if !ok || json.Unmarshal([]byte(s), &data) != nil || !strings.Contains(data["details"].(string), "nope") {
		t.Fatalf("error_data not a JSON string: %s", r.raw)
	}
}

func TestDialectCreatedAt(t *testing.T) {
	for reading, check := range map[string]func(any) bool{
		CreatedAtInt:        func(v any) bool { _, ok := v.(json.Number); return ok },
		CreatedAtNumericStr: func(v any) bool { s, ok := v.(string); return ok && digitsRe.MatchString(s) },
		CreatedAtRFC3339: func(v any) bool {
			s, _ := v.(string)
			_, err := time.Parse(time.RFC3339, s)
			return err == nil
		},
	} {
		h := newHarness(t, Options{Dialect: Dialect{CreatedAt: reading}})
		h.create("s", "")
		r := h.do("GET", "/groups", nil)
		var out struct {
			Data struct {
				Groups []map[string]any `json:"groups"`
			} `json:"data"`
		}
		dec := json.NewDecoder(bytes.NewReader(r.raw))
		dec.UseNumber()
		if err := dec.Decode(&out); err != nil || len(out.Data.Groups) != 1 || !check(out.Data.Groups[0]["created_at"]) {
			t.Errorf("%s: %s", reading, r.raw)
		}
	}
}

func TestDialectDescriptionTrimmedAndBooleanMode(t *testing.T) {
	h := newHarness(t, Options{Dialect: Dialect{DescriptionTrimmed: boolPtr(true), JoinApprovalModeBool: true}})
	r := h.do("POST", "/groups", map[string]any{"messaging_product": "whatsapp", "subject": "s", "description": "  text\n", "join_approval_mode": "approval_required"})
	expectStatus(t, r, 200)
	id := h.em.Groups()[0].ID
	g := h.do("GET", "/groups/"+id+"?fields=description,join_approval_mode", nil)
	if g.body["description"] != "text" || g.body["join_approval_mode"] != true {
		t.Fatalf("%s", g.raw)
	}
}

func TestDialectPictureField(t *testing.T) {
	h := newHarness(t, Options{Dialect: Dialect{PictureField: PictureFieldD360}})
	id := h.create("s", "")
	upload := func(part string) resp {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("messaging_product", "whatsapp")
		f, _ := w.CreateFormFile(part, "p.jpg")
		_, _ = f.Write(jpegBytes(t, 192, 192))
		_ = w.Close()
		return h.doRaw("POST", "/groups/"+id, w.FormDataContentType(), buf.Bytes(), testKey)
	}
	e := expectError(t, upload("file"), 400, 100)
	if !strings.Contains(e["error_data"].(map[string]any)["details"].(string), "profile_picture_file") {
		t.Fatalf("refusal does not name the field: %v", e)
	}
	expectStatus(t, upload("profile_picture_file"), 200)
}

func TestDialectJoinRequestsPaging(t *testing.T) {
	h := newHarness(t, Options{Dialect: Dialect{JoinRequestsPageSize: 2, JoinRequestsRefuseLimit: true}})
	id, _ := approvalGroup(t, h, "15550001", "15550002", "15550003")
	expectError(t, h.do("GET", "/groups/"+id+"/join_requests?limit=10", nil), 400, 100)
	r := h.do("GET", "/groups/"+id+"/join_requests", nil)
	if len(r.body["data"].([]any)) != 2 || r.body["paging"].(map[string]any)["next"] == nil {
		t.Fatalf("%s", r.raw)
	}
}

func TestDialectRemovalsReportedLater(t *testing.T) {
	h := newHarness(t, Options{Dialect: Dialect{RemovalsReportedLater: true}})
	id := h.em.SeedGroup("s", "", "auto_approve")
	link, _ := h.em.InviteLink(id)
	for _, u := range []string{"15550001", "15550002"} {
		if err := h.em.JoinViaLink(link, u); err != nil {
			t.Fatal(err)
		}
	}
	h.em.FailRemovalsOf("15550002")
	r := h.do("DELETE", "/groups/"+id+"/participants", map[string]any{"messaging_product": "whatsapp",
		"participants": []map[string]string{{"user": "15550001"}, {"user": "15550002"}, {"user": "15550009"}}})
	expectStatus(t, r, 200)
	if len(r.body) != 2 || r.body["request_id"] == nil {
		t.Fatalf("answer %s, want only a request id", r.raw)
	}
	g, _ := h.em.Group(id)
	if len(g.Participants) != 1 || g.Participants[0] != "15550002" {
		t.Fatalf("participants %v", g.Participants)
	}
}

func TestParseDialect(t *testing.T) {
	d, err := ParseDialect([]byte(`{"create_response":"id_is_request","not_found":"100/33","error_envelope":"meta","error_data":"string",
		"created_at":"rfc3339","picture_field":"profile_picture_file","description_trimmed":true,"omits_defaults":null}`))
	if err != nil || d.CreateResponse != CreateIDIsRequest || d.NotFound != NotFoundGraph33 || d.ErrorEnvelope != "meta" ||
		d.ErrorData != "string" || d.CreatedAt != "rfc3339" || d.PictureField != PictureFieldD360 || !*d.DescriptionTrimmed || d.OmitsDefaults != nil {
		t.Fatalf("%+v %v", d, err)
	}
	for _, bad := range []string{`{"created_at":"float"}`, `{"not_found":"404"}`, `{"typo":1}`, `{"create_response":"x"}`} {
		if _, err := ParseDialect([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if _, err := ParseDialect([]byte(`{"not_found":"http_404","create_response":null}`)); err != nil {
		t.Error(err)
	}
}
