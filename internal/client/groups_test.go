package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestCreateGroup(t *testing.T) {
	full := CreateGroupInput{Subject: "New Purchase Inquiry", Description: "Jim would like options.", JoinApprovalMode: JoinApprovalRequired}
	fullBody := `{"messaging_product":"whatsapp","subject":"New Purchase Inquiry","description":"Jim would like options.","join_approval_mode":"approval_required"}`
	tests := []struct {
		name     string
		in       CreateGroupInput
		wantBody string
		status   int
		resp     string
		want     CreateGroupResult
		wantErr  string
		// wantAmbiguous: the API answered success, so it acted.
		wantAmbiguous bool
	}{
		{
			name: "request_id variant (Meta spec)", in: full, wantBody: fullBody,
			status: 200, resp: `{"messaging_product":"whatsapp","request_id":"106540352242922"}`,
			want: CreateGroupResult{RequestID: "106540352242922"},
		},
		{
			name: "id variant (360dialog spec)", in: full, wantBody: fullBody,
			status: 200, resp: `{"id":"1234567890"}`,
			want: CreateGroupResult{GroupID: "1234567890"},
		},
		{
			name: "id as a number", in: full, wantBody: fullBody,
			status: 200, resp: `{"id":1234567890}`,
			want: CreateGroupResult{GroupID: "1234567890"},
		},
		{
			name: "group_id and request_id", in: full, wantBody: fullBody,
			status: 200, resp: `{"request_id":"42","group_id":"Y2FwaV9ncm91cDox"}`,
			want: CreateGroupResult{RequestID: "42", GroupID: "Y2FwaV9ncm91cDox"},
		},
		{
			name: "optional fields omitted when empty", in: CreateGroupInput{Subject: "Only subject"},
			wantBody: `{"messaging_product":"whatsapp","subject":"Only subject"}`,
			status:   200, resp: `{"request_id":"7"}`,
			want: CreateGroupResult{RequestID: "7"},
		},
		{
			name: "neither request_id nor id", in: full, wantBody: fullBody,
			status: 200, resp: `{"messaging_product":"whatsapp"}`,
			wantErr: "neither a request_id nor an id", wantAmbiguous: true,
		},
		{
			name: "unreadable 200 body", in: full, wantBody: fullBody,
			status: 200, resp: `<html>ok</html>`,
			wantErr: "decoding response", wantAmbiguous: true,
		},
		{
			name: "empty 200 body", in: full, wantBody: fullBody,
			status: 200, resp: ``,
			wantErr: "neither a request_id nor an id", wantAmbiguous: true,
		},
		{
			name: "create limit reached", in: full, wantBody: fullBody,
			status: 400, resp: graphError(CodeGroupCreateLimit, "(#131211) Group create limit reached", "Max number of groups reached"),
			wantErr: "131211",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(tt.status, tt.resp))
			c := newTestClient(t, f)
			got, err := c.CreateGroup(bg(t), tt.in)
			req := f.only()
			assertRequest(t, req, http.MethodPost, "/groups", nil)
			assertJSONBody(t, req, tt.wantBody)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("got %+v, want error containing %q", got, tt.wantErr)
				}
				mustContain(t, err.Error(), tt.wantErr)
				// A success answer without an id means the API acted: the
				// caller must look for the group. An error answer is definite.
				if IsAmbiguous(err) != tt.wantAmbiguous {
					t.Errorf("ambiguous = %v, want %v: %v", IsAmbiguous(err), tt.wantAmbiguous, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("CreateGroup: %v", err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// groupsPage renders one page of GET /groups.
func groupsPage(groups []string, after, next string) string {
	paging := map[string]any{"cursors": map[string]string{"before": "b", "after": after}}
	if next != "" {
		paging["next"] = next
	}
	var list []json.RawMessage
	for _, g := range groups {
		list = append(list, json.RawMessage(g))
	}
	b, _ := json.Marshal(map[string]any{"data": map[string]any{"groups": list}, "paging": paging})
	return string(b)
}

func TestListGroupsPage(t *testing.T) {
	two := []string{
		`{"id":"G1","subject":"one","created_at":"1755548877"}`,
		`{"id":"G2","subject":"two","created_at":1755548878}`,
	}
	twoWant := []GroupSummary{{ID: "G1", Subject: "one", CreatedAt: 1755548877}, {ID: "G2", Subject: "two", CreatedAt: 1755548878}}
	tests := []struct {
		name      string
		limit     int
		after     string
		wantQuery url.Values
		resp      string
		want      GroupPage
	}{
		{
			name: "default limit, next present", limit: 0,
			wantQuery: url.Values{"limit": {"1024"}},
			resp:      groupsPage(two, "CUR1", "https://waba-v2.360dialog.io/groups?after=CUR1"),
			want:      GroupPage{Groups: twoWant, After: "CUR1"},
		},
		{
			name: "limit above max is clamped, cursor sent", limit: 5000, after: "CUR0",
			wantQuery: url.Values{"limit": {"1024"}, "after": {"CUR0"}},
			resp:      groupsPage(two, "CUR1", "next-url"),
			want:      GroupPage{Groups: twoWant, After: "CUR1"},
		},
		{
			name: "no next on a short page is the last page", limit: 10,
			wantQuery: url.Values{"limit": {"10"}},
			resp:      groupsPage(two, "CUR1", ""),
			want:      GroupPage{Groups: twoWant},
		},
		{
			name: "no next on a full page may have more", limit: 2,
			wantQuery: url.Values{"limit": {"2"}},
			resp:      groupsPage(two, "CUR1", ""),
			want:      GroupPage{Groups: twoWant, After: "CUR1"},
		},
		{
			name: "empty page stops even with next", limit: 10, after: "CUR0",
			wantQuery: url.Values{"limit": {"10"}, "after": {"CUR0"}},
			resp:      groupsPage(nil, "CUR1", "next-url"),
			want:      GroupPage{},
		},
		{
			name: "repeated cursor stops", limit: 10, after: "CUR1",
			wantQuery: url.Values{"limit": {"10"}, "after": {"CUR1"}},
			resp:      groupsPage(two, "CUR1", "next-url"),
			want:      GroupPage{Groups: twoWant},
		},
		{
			name: "no paging at all", limit: 10,
			wantQuery: url.Values{"limit": {"10"}},
			resp:      `{"data":{"groups":[{"id":"G1","subject":"one","created_at":"1755548877"}]}}`,
			want:      GroupPage{Groups: twoWant[:1]},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(200, tt.resp))
			c := newTestClient(t, f)
			got, err := c.ListGroupsPage(bg(t), tt.limit, tt.after)
			if err != nil {
				t.Fatal(err)
			}
			req := f.only()
			assertRequest(t, req, http.MethodGet, "/groups", tt.wantQuery)
			assertNoBody(t, req)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestEachGroupTenThousand checks the documented maximum of 10,000 groups is
// read in 10 requests at the largest page size, following the cursors.
func TestEachGroupTenThousand(t *testing.T) {
	const total = 10000
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, n int) {
		start := 0
		if a := r.URL.Query().Get("after"); a != "" {
			start, _ = strconv.Atoi(strings.TrimPrefix(a, "off-"))
		}
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		end := min(start+limit, total)
		var groups []string
		for i := start; i < end; i++ {
			groups = append(groups, fmt.Sprintf(`{"id":"G%05d","subject":"s%d","created_at":%d}`, i, i, 1700000000+i))
		}
		next := ""
		if end < total {
			next = "https://example/groups?after=off-" + strconv.Itoa(end)
		}
		write(w, 200, groupsPage(groups, "off-"+strconv.Itoa(end), next))
	})
	c := newTestClient(t, f)
	var pages []int
	seen := map[string]bool{}
	err := c.EachGroup(bg(t), func(g []GroupSummary) error {
		pages = append(pages, len(g))
		for _, x := range g {
			if seen[x.ID] {
				t.Fatalf("group %s seen twice", x.ID)
			}
			seen[x.ID] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != total {
		t.Errorf("saw %d groups, want %d", len(seen), total)
	}
	wantPages := []int{1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 784}
	if !reflect.DeepEqual(pages, wantPages) {
		t.Errorf("pages = %v, want %v", pages, wantPages)
	}
	reqs := f.requests()
	if len(reqs) != 10 {
		t.Fatalf("%d requests, want 10", len(reqs))
	}
	for i, r := range reqs {
		want := url.Values{"limit": {"1024"}}
		if i > 0 {
			want.Set("after", "off-"+strconv.Itoa(i*1024))
		}
		assertRequest(t, r, http.MethodGet, "/groups", want)
	}
}

func TestListGroupsStops(t *testing.T) {
	g := func(id string) string { return fmt.Sprintf(`{"id":%q,"subject":"s","created_at":"1"}`, id) }
	tests := []struct {
		name     string
		pages    []string
		wantIDs  []string
		wantReqs int
	}{
		{
			name:     "empty page after a next link",
			pages:    []string{groupsPage([]string{g("A")}, "c1", "n"), groupsPage(nil, "c2", "n")},
			wantIDs:  []string{"A"},
			wantReqs: 2,
		},
		{
			name:     "server repeats the same cursor",
			pages:    []string{groupsPage([]string{g("A")}, "c1", "n"), groupsPage([]string{g("B")}, "c1", "n")},
			wantIDs:  []string{"A", "B"},
			wantReqs: 2,
		},
		{
			name:     "next absent",
			pages:    []string{groupsPage([]string{g("A")}, "c1", "n"), groupsPage([]string{g("B")}, "c2", "")},
			wantIDs:  []string{"A", "B"},
			wantReqs: 2,
		},
		{
			name:     "single page without cursor",
			pages:    []string{groupsPage([]string{g("A"), g("B")}, "", "")},
			wantIDs:  []string{"A", "B"},
			wantReqs: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n >= len(tt.pages) {
					t.Errorf("unexpected request %d", n)
					write(w, 500, "")
					return
				}
				write(w, 200, tt.pages[n])
			})
			c := newTestClient(t, f)
			all, err := c.ListGroups(bg(t))
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, x := range all {
				ids = append(ids, x.ID)
			}
			if !reflect.DeepEqual(ids, tt.wantIDs) {
				t.Errorf("ids = %v, want %v", ids, tt.wantIDs)
			}
			if n := len(f.requests()); n != tt.wantReqs {
				t.Errorf("%d requests, want %d", n, tt.wantReqs)
			}
		})
	}
}

func TestEachGroupErrors(t *testing.T) {
	t.Run("callback error stops paging", func(t *testing.T) {
		f := newFakeAPI(t, reply(200, groupsPage([]string{`{"id":"A"}`}, "c1", "n")))
		c := newTestClient(t, f)
		stop := errors.New("stop")
		if err := c.EachGroup(bg(t), func([]GroupSummary) error { return stop }); !errors.Is(err, stop) {
			t.Fatalf("err = %v, want the callback's error", err)
		}
		f.only()
	})
	t.Run("API error on the second page", func(t *testing.T) {
		f := newFakeAPI(t, sequence(
			reply(200, groupsPage([]string{`{"id":"A"}`}, "c1", "n")),
			reply(400, graphError(CodeInvalidParameter, "(#100) Invalid parameter", "")),
		))
		c := newTestClient(t, f)
		_, err := c.ListGroups(bg(t))
		if !HasCode(err, CodeInvalidParameter) {
			t.Fatalf("err = %v, want code 100", err)
		}
		mustContain(t, err.Error(), "list groups")
		if len(f.requests()) != 2 {
			t.Errorf("%d requests, want 2 (400 is not retried)", len(f.requests()))
		}
	})
	t.Run("persistent cursor errors", func(t *testing.T) {
		// Every second page fails with 131059: the list starts over
		// maxCursorRestarts times, then reports the error.
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			if r.URL.Query().Get("after") != "" {
				write(w, 400, graphError(CodeInvalidCursor, "(#131059) Invalid cursor", "Start pagination from the beginning again"))
				return
			}
			write(w, 200, groupsPage([]string{`{"id":"A"}`}, "c1", "n"))
		})
		c := newTestClient(t, f)
		_, err := c.ListGroups(bg(t))
		if !HasCode(err, CodeInvalidCursor) {
			t.Fatalf("err = %v, want code 131059", err)
		}
		if n := len(f.requests()); n != 2*(1+maxCursorRestarts) {
			t.Errorf("%d requests, want %d", n, 2*(1+maxCursorRestarts))
		}
	})
	t.Run("cursor error on the first page", func(t *testing.T) {
		// Restarting cannot cure a first page the API refuses.
		f := newFakeAPI(t, reply(400, graphError(CodeInvalidCursor, "(#131059) Invalid cursor", "")))
		c := newTestClient(t, f)
		if _, err := c.ListGroups(bg(t)); !HasCode(err, CodeInvalidCursor) {
			t.Fatalf("err = %v, want code 131059", err)
		}
		f.only()
	})
	t.Run("undecodable page", func(t *testing.T) {
		// An unreadable created_at is not enough (it counts as unknown,
		// tolerant_test.go); a list that is not a list is.
		f := newFakeAPI(t, reply(200, `{"data":{"groups":{"id":"A"}}}`))
		c := newTestClient(t, f)
		_, err := c.ListGroups(bg(t))
		if err == nil {
			t.Fatal("want a decoding error")
		}
		mustContain(t, err.Error(), "list groups: decoding response (HTTP 200)")
	})
}

func TestGetGroup(t *testing.T) {
	tests := []struct {
		name      string
		fields    []string
		wantQuery url.Values
		resp      string
		want      Group
	}{
		{
			name: "all fields, number timestamp, bool suspended",
			fields: []string{FieldSubject, FieldDescription, FieldJoinApprovalMode, FieldSuspended,
				FieldCreationTimestamp, FieldParticipants, FieldTotalParticipantCount},
			wantQuery: url.Values{"fields": {"subject,description,join_approval_mode,suspended,creation_timestamp,participants,total_participant_count"}},
			resp: `{"id":"G1","messaging_product":"whatsapp","subject":"Watch fans","description":"Timepieces",
				"join_approval_mode":"approval_required","suspended":true,"creation_timestamp":683731200,
				"participants":[{"wa_id":"16505551234"},{"user_id":"US.13491208655302741918","username":"bob"}],
				"total_participant_count":2}`,
			want: Group{ID: "G1", Subject: "Watch fans", Description: "Timepieces", JoinApprovalMode: JoinApprovalRequired,
				Suspended: true, CreationTimestamp: 683731200,
				Participants:          []Participant{{WaID: "16505551234"}, {UserID: "US.13491208655302741918", Username: "bob"}},
				TotalParticipantCount: 2},
		},
		{
			name:      "string timestamp and string values",
			fields:    []string{FieldSuspended, FieldCreationTimestamp, FieldTotalParticipantCount},
			wantQuery: url.Values{"fields": {"suspended,creation_timestamp,total_participant_count"}},
			resp:      `{"id":"G1","suspended":"false","creation_timestamp":"683731200","total_participant_count":"6"}`,
			want:      Group{ID: "G1", CreationTimestamp: 683731200, TotalParticipantCount: 6},
		},
		{
			name:      "no fields: no query, id filled in when absent",
			wantQuery: nil,
			resp:      `{"messaging_product":"whatsapp"}`,
			want:      Group{ID: "G1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(200, tt.resp))
			c := newTestClient(t, f)
			got, err := c.GetGroup(bg(t), "G1", tt.fields...)
			if err != nil {
				t.Fatal(err)
			}
			req := f.only()
			assertRequest(t, req, http.MethodGet, "/groups/G1", tt.wantQuery)
			assertNoBody(t, req)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParticipantKey(t *testing.T) {
	for _, tt := range []struct {
		p    Participant
		want string
	}{
		{Participant{WaID: "1"}, "1"},
		{Participant{UserID: "US.2"}, "US.2"},
		{Participant{WaID: "1", UserID: "US.2"}, "1"},
		{Participant{}, ""},
	} {
		if got := tt.p.Key(); got != tt.want {
			t.Errorf("%+v.Key() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestGetGroupNotFound(t *testing.T) {
	f := newFakeAPI(t, reply(400, graphError(CodeGroupUnknown, "(#131041) Group unknown", "Group doesn't exist or you are not a member")))
	c := newTestClient(t, f)
	_, err := c.GetGroup(bg(t), "gone", FieldSubject)
	if !IsNotFound(err) {
		t.Fatalf("IsNotFound(%v) = false", err)
	}
	if IsRetryable(err) {
		t.Error("131041 must not be retryable")
	}
	f.only() // a 400 is final
	mustContain(t, err.Error(), "get group", "131041", "Group unknown")
}

// TestPathEscaping checks that ids are escaped exactly once on the wire.
func TestPathEscaping(t *testing.T) {
	f := newFakeAPI(t, reply(200, `{"id":"x","invite_link":"https://chat.whatsapp.com/L"}`))
	c := newTestClient(t, f)
	ctx := bg(t)
	if _, err := c.GetGroup(ctx, "a/b c?d"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetInviteLink(ctx, "a/b"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteTemplate(ctx, "n m"); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	want := []struct{ path, escaped string }{
		{"/groups/a/b c?d", "/groups/a%2Fb%20c%3Fd"},
		{"/groups/a/b/invite_link", "/groups/a%2Fb/invite_link"},
		{"/v1/configs/templates/n m", "/v1/configs/templates/n%20m"},
	}
	for i, w := range want {
		if reqs[i].Path != w.path || reqs[i].EscapedPath != w.escaped {
			t.Errorf("request %d: path %q (wire %q), want %q (wire %q)", i, reqs[i].Path, reqs[i].EscapedPath, w.path, w.escaped)
		}
	}
}

func TestUpdateGroup(t *testing.T) {
	s := func(v string) *string { return &v }
	tests := []struct {
		name     string
		in       UpdateGroupInput
		wantBody string
		resp     string
		wantID   string
	}{
		{"subject only", UpdateGroupInput{Subject: s("Watch Enthusiasts")},
			`{"messaging_product":"whatsapp","subject":"Watch Enthusiasts"}`, `{"messaging_product":"whatsapp","request_id":"r1"}`, "r1"},
		{"description only", UpdateGroupInput{Description: s("Join us")},
			`{"messaging_product":"whatsapp","description":"Join us"}`, `{"request_id":"r2"}`, "r2"},
		{"empty description is sent to clear it", UpdateGroupInput{Description: s("")},
			`{"messaging_product":"whatsapp","description":""}`, `{"request_id":123}`, "123"},
		{"both", UpdateGroupInput{Subject: s("S"), Description: s("D")},
			`{"messaging_product":"whatsapp","subject":"S","description":"D"}`, ``, ""},
		{"nothing set", UpdateGroupInput{},
			`{"messaging_product":"whatsapp"}`, `{"success":true}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(200, tt.resp))
			c := newTestClient(t, f)
			id, err := c.UpdateGroup(bg(t), "G1", tt.in)
			if err != nil {
				t.Fatal(err)
			}
			req := f.only()
			assertRequest(t, req, http.MethodPost, "/groups/G1", nil)
			assertJSONBody(t, req, tt.wantBody)
			if id != tt.wantID {
				t.Errorf("request id = %q, want %q", id, tt.wantID)
			}
		})
	}
}

func TestUpdateGroupRetriedOnServerError(t *testing.T) {
	f := newFakeAPI(t, sequence(reply(503, ""), reply(200, `{"request_id":"r"}`)))
	c := newTestClient(t, f)
	subject := "S"
	id, err := c.UpdateGroup(bg(t), "G1", UpdateGroupInput{Subject: &subject})
	if err != nil || id != "r" {
		t.Fatalf("id=%q err=%v", id, err)
	}
	reqs := f.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	for _, r := range reqs {
		assertJSONBody(t, r, `{"messaging_product":"whatsapp","subject":"S"}`)
	}
}

func TestUpdateGroupPicture(t *testing.T) {
	jpeg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 0xFF, 0xD9}
	f := newFakeAPI(t, sequence(reply(500, ""), reply(200, `{"request_id":"pic1"}`)))
	c := newTestClient(t, f)
	id, err := c.UpdateGroupPicture(bg(t), "G1", "square.jpg", jpeg)
	if err != nil {
		t.Fatal(err)
	}
	if id != "pic1" {
		t.Errorf("request id = %q", id)
	}
	reqs := f.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 (the upload is retried after a 500)", len(reqs))
	}
	for _, req := range reqs {
		assertRequest(t, req, http.MethodPost, "/groups/G1", nil)
		mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
		if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
			t.Fatalf("Content-Type = %q", req.Header.Get("Content-Type"))
		}
		mr := multipart.NewReader(strings.NewReader(string(req.Body)), params["boundary"])
		type part struct {
			name, filename, ctype string
			data                  []byte
		}
		var parts []part
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(p)
			parts = append(parts, part{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), data})
		}
		if len(parts) != 2 {
			t.Fatalf("%d parts, want 2: %+v", len(parts), parts)
		}
		if p := parts[0]; p.name != "messaging_product" || string(p.data) != "whatsapp" || p.filename != "" {
			t.Errorf("first part = %+v", p)
		}
		if p := parts[1]; p.name != "file" || p.filename != "square.jpg" || p.ctype != "image/jpeg" || string(p.data) != string(jpeg) {
			t.Errorf("file part = %+v", p)
		}
	}
}

func TestDeleteGroup(t *testing.T) {
	t.Run("ok", func(t *testing.T) {
		f := newFakeAPI(t, reply(200, `{"success":true}`))
		c := newTestClient(t, f)
		if err := c.DeleteGroup(bg(t), "G1"); err != nil {
			t.Fatal(err)
		}
		req := f.only()
		assertRequest(t, req, http.MethodDelete, "/groups/G1", nil)
		assertNoBody(t, req)
	})
	t.Run("retried after a 500", func(t *testing.T) {
		f := newFakeAPI(t, sequence(reply(500, `{"error":{"message":"An unknown error occurred","code":1}}`), reply(200, `{"success":true}`)))
		c := newTestClient(t, f)
		if err := c.DeleteGroup(bg(t), "G1"); err != nil {
			t.Fatal(err)
		}
		if n := len(f.requests()); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
	t.Run("gone", func(t *testing.T) {
		f := newFakeAPI(t, reply(400, graphError(CodeGroupUnknown, "(#131041) Group unknown", "")))
		c := newTestClient(t, f)
		err := c.DeleteGroup(bg(t), "G1")
		if !IsNotFound(err) {
			t.Fatalf("IsNotFound(%v) = false", err)
		}
		f.only()
	})
}
