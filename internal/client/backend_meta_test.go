package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const (
	testToken = "EAAG-test-TOKEN-secret"
	testPNID  = "106540352242922"
	testWABA  = "102290129340398"
)

func newMetaTestClient(t *testing.T, f *fakeAPI) *Client {
	t.Helper()
	b, err := NewMetaBackend(MetaConfig{AccessToken: testToken, PhoneNumberID: testPNID, BusinessAccountID: testWABA})
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{BaseURL: f.srv.URL, Backend: b, Retry: testRetry})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewMetaBackendChecksItsSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  MetaConfig
		want string
	}{
		{"no token", MetaConfig{PhoneNumberID: "1"}, "access token"},
		{"blank token", MetaConfig{AccessToken: " ", PhoneNumberID: "1"}, "access token"},
		{"no phone number", MetaConfig{AccessToken: "t"}, "phone number id"},
		{"bad version", MetaConfig{AccessToken: "t", PhoneNumberID: "1", Version: "23.0"}, "v23.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewMetaBackend(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	b, err := NewMetaBackend(MetaConfig{AccessToken: "t", PhoneNumberID: "1"})
	if err != nil || b.GroupsPath() != "/"+DefaultGraphVersion+"/1/groups" {
		t.Fatalf("default version not applied: %v %v", b, err)
	}
}

// Every operation goes to its Graph route (CONTRACT.md §1.1) with the token
// as a Bearer credential and never with the 360dialog key header.
func TestMetaBackendRoutes(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/invite_link"):
			write(w, 200, `{"messaging_product":"whatsapp","invite_link":"https://chat.whatsapp.com/x"}`)
		case strings.HasSuffix(r.URL.Path, "/message_templates") && r.Method == http.MethodPost:
			write(w, 200, `{"id":"1","status":"APPROVED","category":"UTILITY"}`)
		case strings.HasSuffix(r.URL.Path, "/message_templates") && r.Method == http.MethodGet:
			write(w, 200, `{"data":[]}`)
		case strings.HasSuffix(r.URL.Path, "/groups") && r.Method == http.MethodPost:
			write(w, 200, `{"messaging_product":"whatsapp","request_id":"9"}`)
		case strings.HasSuffix(r.URL.Path, "/groups"):
			write(w, 200, `{"data":{"groups":[]}}`)
		case strings.HasSuffix(r.URL.Path, "/messages"):
			write(w, 200, `{"messaging_product":"whatsapp","contacts":[{"input":"15550100001","wa_id":"15550100001"}],"messages":[{"id":"wamid.1"}]}`)
		default:
			write(w, 200, `{"success":true}`)
		}
	})
	c := newMetaTestClient(t, f)
	ctx := bg(t)
	calls := []struct {
		method, path string
		run          func() error
	}{
		{"POST", "/v23.0/" + testPNID + "/groups", func() error { _, err := c.CreateGroup(ctx, CreateGroupInput{Subject: "S"}); return err }},
		{"GET", "/v23.0/" + testPNID + "/groups", func() error { _, err := c.ListGroups(ctx); return err }},
		{"GET", "/v23.0/G/1", func() error { _, err := c.GetGroup(ctx, "G/1", FieldSubject); return err }},
		{"POST", "/v23.0/G1", func() error { s := "x"; _, err := c.UpdateGroup(ctx, "G1", UpdateGroupInput{Subject: &s}); return err }},
		{"DELETE", "/v23.0/G1", func() error { return c.DeleteGroup(ctx, "G1") }},
		{"GET", "/v23.0/G1/invite_link", func() error { _, err := c.GetInviteLink(ctx, "G1"); return err }},
		{"POST", "/v23.0/G1/invite_link", func() error { _, err := c.ResetInviteLink(ctx, "G1"); return err }},
		{"GET", "/v23.0/G1/join_requests", func() error { _, err := c.ListJoinRequests(ctx, "G1"); return err }},
		{"POST", "/v23.0/G1/join_requests", func() error { _, err := c.ApproveJoinRequests(ctx, "G1", []string{"J"}); return err }},
		{"DELETE", "/v23.0/G1/participants", func() error { _, err := c.RemoveParticipants(ctx, "G1", []string{"1"}); return err }},
		{"POST", "/v23.0/" + testWABA + "/message_templates", func() error {
			_, err := c.CreateTemplate(ctx, CreateTemplateInput{Name: "t", Language: "en_US", Category: CategoryUtility, LibraryTemplateName: "group_invite_link"})
			return err
		}},
		{"GET", "/v23.0/" + testWABA + "/message_templates", func() error { _, err := c.ListTemplates(ctx, TemplateFilter{}); return err }},
		{"DELETE", "/v23.0/" + testWABA + "/message_templates", func() error { return c.DeleteTemplate(ctx, "t") }},
		{"POST", "/v23.0/" + testPNID + "/messages", func() error {
			_, err := c.SendTemplate(ctx, SendTemplateInput{To: "15550100001", TemplateName: "t", TemplateLanguage: "en_US", GroupID: "G1"})
			return err
		}},
	}
	for i, cl := range calls {
		if err := cl.run(); err != nil {
			t.Fatalf("%s %s: %v", cl.method, cl.path, err)
		}
		got := f.requests()[i]
		if got.Method != cl.method || got.Path != cl.path {
			t.Errorf("call %d: %s %s, want %s %s", i, got.Method, got.Path, cl.method, cl.path)
		}
		if a := got.Header.Get("Authorization"); a != "Bearer "+testToken {
			t.Errorf("%s %s: Authorization = %q", cl.method, cl.path, a)
		}
		if _, ok := got.Header[http.CanonicalHeaderKey(APIKeyHeader)]; ok {
			t.Errorf("%s %s sent the 360dialog key header", cl.method, cl.path)
		}
	}
	if got := f.requests()[2].EscapedPath; got != "/v23.0/G%2F1" {
		t.Errorf("group id not escaped as one path segment: %s", got)
	}
	if q := f.requests()[12].Query; q.Get("name") != "t" || len(q) != 1 {
		t.Errorf("delete template query = %v, want name=t only", q)
	}
}

// The 360dialog backend never sends a Bearer credential.
func TestD360BackendSendsNoBearer(t *testing.T) {
	f := newFakeAPI(t, reply(200, `{"data":{"groups":[]}}`))
	c := newTestClient(t, f)
	if _, err := c.ListGroups(bg(t)); err != nil {
		t.Fatal(err)
	}
	if a := f.only().Header.Get("Authorization"); a != "" {
		t.Fatalf("Authorization = %q, want none", a)
	}
}

// Graph lists templates under `data` with cursors under `paging`; the
// filter goes out as one query parameter per field, status in uppercase,
// and is applied again to what comes back.
func TestMetaListTemplatesFollowsGraphPaging(t *testing.T) {
	page := func(after string, items ...string) string {
		paging := ""
		if after != "" {
			paging = fmt.Sprintf(`,"paging":{"cursors":{"before":"B","after":%q},"next":"https://graph.facebook.com/next"}`, after)
		}
		return `{"data":[` + strings.Join(items, ",") + `]` + paging + `}`
	}
	item := func(name, lang, status string) string {
		return fmt.Sprintf(`{"name":%q,"language":%q,"status":%q,"category":"UTILITY","id":"1"}`, name, lang, status)
	}
	f := newFakeAPI(t, sequence(
		reply(200, page("C1", item("invite", "en_US", "APPROVED"), item("invite_old", "en_US", "APPROVED"))),
		reply(200, page("", item("invite", "de", "PENDING"))),
	))
	c := newMetaTestClient(t, f)
	got, err := c.ListTemplates(bg(t), TemplateFilter{Name: "invite", Status: "approved"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != "invite" || got[0].Language != "en_US" || got[0].Status != "approved" {
		t.Fatalf("templates = %+v", got)
	}
	reqs := f.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 (one per page)", len(reqs))
	}
	want := url.Values{"name": {"invite"}, "status": {"APPROVED"}, "limit": {"250"}}
	if q := reqs[0].Query; q.Encode() != want.Encode() {
		t.Errorf("first page query = %v, want %v", q, want)
	}
	if q := reqs[1].Query; q.Get("after") != "C1" {
		t.Errorf("second page query = %v, want after=C1", q)
	}
}

// The token never appears in an error, whatever the server echoes.
func TestMetaTokenNeverInErrors(t *testing.T) {
	body := strings.ReplaceAll(graphError(190, "Invalid OAuth access token TOKEN", "Bearer TOKEN"), "TOKEN", testToken)
	f := newFakeAPI(t, reply(401, body))
	c := newMetaTestClient(t, f)
	_, err := c.GetGroup(bg(t), "G1", FieldSubject)
	if err == nil {
		t.Fatal("no error")
	}
	if strings.Contains(err.Error(), testToken) {
		t.Fatalf("error leaks the token: %s", err)
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != 190 || ae.HTTPStatus != 401 {
		t.Fatalf("err = %#v, want the Graph 190 error", err)
	}
	if s := fmt.Sprintf("%+v", *ae); strings.Contains(s, testToken) {
		t.Fatalf("APIError fields leak the token: %s", s)
	}
}
