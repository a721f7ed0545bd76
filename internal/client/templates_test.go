package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestCreateTemplate(t *testing.T) {
	yes := true
	buttons := json.RawMessage(`[{"type":"URL","url":{"base_url":"https://example.com/{{1}}","url_suffix_example":"https://example.com/x"}}]`)
	components := json.RawMessage(`[{"type":"BODY","text":"Join {{1}}","example":{"body_text":[["group"]]}}]`)
	tests := []struct {
		name     string
		in       CreateTemplateInput
		wantBody string
		status   int
		resp     string
		want     CreateTemplateResult
		wantErr  string
	}{
		{
			name: "library template, 201",
			in: CreateTemplateInput{Name: "group_invite", Language: "en_US", Category: CategoryUtility,
				AllowCategoryChange: &yes, LibraryTemplateName: "group_invite_link",
				LibraryTemplateButtonInputs: buttons, Components: components},
			wantBody: `{"name":"group_invite","language":"en_US","category":"UTILITY","allow_category_change":true,
				"library_template_name":"group_invite_link","library_template_button_inputs":` + string(buttons) +
				`,"components":` + string(components) + `}`,
			status: 201, resp: `{"id":"594425479261596","status":"PENDING","category":"UTILITY"}`,
			want: CreateTemplateResult{ID: "594425479261596", Status: "pending", Category: "UTILITY"},
		},
		{
			name:     "minimal, 200, numeric id",
			in:       CreateTemplateInput{Name: "t", Language: "de", Category: CategoryMarketing},
			wantBody: `{"name":"t","language":"de","category":"MARKETING"}`,
			status:   200, resp: `{"id":594425479261597,"status":"APPROVED","category":"MARKETING"}`,
			want: CreateTemplateResult{ID: "594425479261597", Status: "approved", Category: "MARKETING"},
		},
		{
			name:     "allow_category_change false is sent",
			in:       CreateTemplateInput{Name: "t", Language: "de", Category: CategoryAuthentication, AllowCategoryChange: new(bool)},
			wantBody: `{"name":"t","language":"de","category":"AUTHENTICATION","allow_category_change":false}`,
			status:   201, resp: `{"id":"1","status":"pending"}`,
			want: CreateTemplateResult{ID: "1", Status: "pending"},
		},
		{
			name:     "name format rejected (360dialog meta envelope)",
			in:       CreateTemplateInput{Name: "Bad Name", Language: "en", Category: CategoryUtility},
			wantBody: `{"name":"Bad Name","language":"en","category":"UTILITY"}`,
			status:   400, resp: metaTemplateError,
			wantErr: "API error 100 (Name Format is Incorrect)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(tt.status, tt.resp))
			c := newTestClient(t, f)
			got, err := c.CreateTemplate(bg(t), tt.in)
			req := f.only()
			assertRequest(t, req, http.MethodPost, "/v1/configs/templates", nil)
			assertJSONBody(t, req, tt.wantBody)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("got %+v, want error", got)
				}
				mustContain(t, err.Error(), tt.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCreateTemplateInvalidRawJSON(t *testing.T) {
	f := newFakeAPI(t, reply(201, `{"id":"1"}`))
	c := newTestClient(t, f)
	_, err := c.CreateTemplate(bg(t), CreateTemplateInput{Name: "t", Language: "en", Category: CategoryUtility, Components: json.RawMessage(`[{`)})
	if err == nil {
		t.Fatal("want an encoding error")
	}
	mustContain(t, err.Error(), "create template: encoding request")
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestCreateTemplateNotRepeated(t *testing.T) {
	f := newFakeAPI(t, reply(502, `{"meta":{"success":false,"http_code":502,"developer_message":"WhatsApp for Business API not available"}}`))
	c := newTestClient(t, f)
	_, err := c.CreateTemplate(bg(t), CreateTemplateInput{Name: "t", Language: "en", Category: CategoryUtility})
	if !IsAmbiguous(err) {
		t.Fatalf("err = %v, want AmbiguousError", err)
	}
	f.only()
}

// tmpl renders one template list entry.
func tmpl(id, name, lang, status string) string {
	return fmt.Sprintf(`{"id":%q,"name":%q,"language":%q,"category":"UTILITY","status":%q,"rejected_reason":"NONE",
		"components":[{"type":"BODY","text":"hi"}],"namespace":"ns","quality_score":{"score":"UNKNOWN"}}`, id, name, lang, status)
}

func templatePage(total, offset int, items ...string) string {
	return fmt.Sprintf(`{"count":%d,"filters":{},"limit":1000,"offset":%d,"sort":["business_templates.name"],"total":%d,"waba_templates":[%s]}`,
		len(items), offset, total, strings.Join(items, ","))
}

func TestListTemplates(t *testing.T) {
	t.Run("filters sent as JSON and honoured", func(t *testing.T) {
		f := newFakeAPI(t, reply(200, templatePage(1, 0, tmpl("T1", "group_invite", "en_US", "APPROVED"))))
		c := newTestClient(t, f)
		got, err := c.ListTemplates(bg(t), TemplateFilter{Name: "group_invite", Language: "en_US"})
		if err != nil {
			t.Fatal(err)
		}
		req := f.only()
		assertRequest(t, req, http.MethodGet, "/v1/configs/templates", url.Values{
			"limit": {"1000"}, "offset": {"0"}, "filters": {`{"business_templates.name":"group_invite","language":"en_US"}`},
		})
		assertNoBody(t, req)
		want := []Template{{ID: "T1", Name: "group_invite", Language: "en_US", Category: "UTILITY", Status: "approved",
			RejectedReason: "NONE", Components: json.RawMessage(`[{"type":"BODY","text":"hi"}]`)}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got  %+v\nwant %+v", got, want)
		}
	})
	t.Run("all filter keys", func(t *testing.T) {
		f := newFakeAPI(t, reply(200, templatePage(0, 0)))
		c := newTestClient(t, f)
		if _, err := c.ListTemplates(bg(t), TemplateFilter{Name: "n", Language: "en", Status: "approved", Category: "UTILITY"}); err != nil {
			t.Fatal(err)
		}
		var filters map[string]string
		if err := json.Unmarshal([]byte(f.only().Query.Get("filters")), &filters); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"business_templates.name": "n", "language": "en", "status": "approved", "category": "UTILITY"}
		if !reflect.DeepEqual(filters, want) {
			t.Errorf("filters = %v, want %v", filters, want)
		}
	})
	t.Run("no filter sends no filters parameter", func(t *testing.T) {
		f := newFakeAPI(t, reply(200, templatePage(2, 0, tmpl("A", "a", "en", "approved"), tmpl("B", "b", "de", "Rejected"))))
		c := newTestClient(t, f)
		got, err := c.ListTemplates(bg(t), TemplateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		assertRequest(t, f.only(), http.MethodGet, "/v1/configs/templates", url.Values{"limit": {"1000"}, "offset": {"0"}})
		if len(got) != 2 || got[1].Status != "rejected" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("server ignores filters: filtered client-side", func(t *testing.T) {
		f := newFakeAPI(t, reply(200, templatePage(5, 0,
			tmpl("1", "group_invite", "en_US", "approved"),
			tmpl("2", "group_invite", "de", "approved"),
			tmpl("3", "Group_Invite", "en_US", "approved"), // names are case-sensitive
			tmpl("4", "other", "en_US", "approved"),
			tmpl("5", "group_invite", "EN_us", "PENDING"), // language compared case-insensitively
		)))
		c := newTestClient(t, f)
		got, err := c.ListTemplates(bg(t), TemplateFilter{Name: "group_invite", Language: "en_US"})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, x := range got {
			ids = append(ids, x.ID)
		}
		if !reflect.DeepEqual(ids, []string{"1", "5"}) {
			t.Errorf("ids = %v, want [1 5]", ids)
		}
		got, err = c.ListTemplates(bg(t), TemplateFilter{Status: "APPROVED", Category: "utility"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 {
			t.Errorf("status/category filter kept %d, want 4", len(got))
		}
	})
	t.Run("offset paging with total", func(t *testing.T) {
		const total = 2300
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, n int) {
			off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
			limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
			var items []string
			for i := off; i < min(off+limit, total); i++ {
				items = append(items, tmpl(strconv.Itoa(i), fmt.Sprintf("t%d", i), "en", "approved"))
			}
			write(w, 200, templatePage(total, off, items...))
		})
		c := newTestClient(t, f)
		got, err := c.ListTemplates(bg(t), TemplateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != total || got[0].ID != "0" || got[total-1].ID != strconv.Itoa(total-1) {
			t.Errorf("got %d templates", len(got))
		}
		reqs := f.requests()
		if len(reqs) != 3 {
			t.Fatalf("%d requests, want 3", len(reqs))
		}
		for i, off := range []string{"0", "1000", "2000"} {
			assertRequest(t, reqs[i], http.MethodGet, "/v1/configs/templates", url.Values{"limit": {"1000"}, "offset": {off}})
		}
	})
	t.Run("empty page stops even if total says more", func(t *testing.T) {
		f := newFakeAPI(t, sequence(reply(200, templatePage(10, 0, tmpl("1", "a", "en", "approved"))), reply(200, templatePage(10, 1))))
		c := newTestClient(t, f)
		got, err := c.ListTemplates(bg(t), TemplateFilter{})
		if err != nil || len(got) != 1 {
			t.Fatalf("got %v, %v", got, err)
		}
		reqs := f.requests()
		if len(reqs) != 2 || reqs[1].Query.Get("offset") != "1" {
			t.Errorf("requests = %+v", reqs)
		}
	})
	t.Run("error", func(t *testing.T) {
		f := newFakeAPI(t, reply(401, `{"meta":{"success":false,"http_code":401,"developer_message":"Invalid api_key","360dialog_trace_id":"T1"}}`))
		c := newTestClient(t, f)
		_, err := c.ListTemplates(bg(t), TemplateFilter{})
		ae := apiErr(t, err)
		if ae.HTTPStatus != 401 || ae.Message != "Invalid api_key" || ae.TraceID != "T1" {
			t.Errorf("got %+v", ae)
		}
		f.only()
	})
}

func TestDeleteTemplate(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		resp    string
		wantErr string
	}{
		{"meta envelope success", 200, `{"meta":{"developer_message":"template name=group_invite was deleted","http_code":200,"success":true}}`, ""},
		{"graph success", 200, `{"success":true}`, ""},
		{"empty", 200, ``, ""},
		{"not found", 404, `{"meta":{"developer_message":"template not found","http_code":404,"success":false}}`, "template not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(tt.status, tt.resp))
			c := newTestClient(t, f)
			err := c.DeleteTemplate(bg(t), "group_invite")
			req := f.only()
			assertRequest(t, req, http.MethodDelete, "/v1/configs/templates/group_invite", nil)
			assertNoBody(t, req)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatal("want error")
				}
				mustContain(t, err.Error(), "delete template", tt.wantErr, "HTTP 404")
				if !IsNotFound(err) {
					t.Error("a 404 without code is not found")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A template the offsets repeat (the list changed while it was read) is
// listed once; a deleted and a live template of the same name and language
// are both kept.
func TestListTemplatesDropsRepeatedEntries(t *testing.T) {
	f := newFakeAPI(t, sequence(
		reply(200, templatePage(4, 0, tmpl("1", "a", "en", "DELETED"), tmpl("2", "a", "en", "APPROVED"))),
		reply(200, templatePage(4, 2, tmpl("2", "a", "en", "APPROVED"), tmpl("3", "b", "en", "APPROVED"))),
	))
	c := newTestClient(t, f)
	got, err := c.ListTemplates(bg(t), TemplateFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tt := range got {
		ids = append(ids, tt.ID)
	}
	if strings.Join(ids, ",") != "1,2,3" {
		t.Errorf("ids %v, want 1,2,3", ids)
	}
}
