package client

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"testing"
)

func TestListJoinRequests(t *testing.T) {
	page1 := `{"data":[
		{"join_request_id":"MTY0NjcwNDM1OTU6MTIw","wa_id":"16505551234","creation_timestamp":1755548877},
		{"join_request_id":"JR2","user_id":"US.1349","creation_timestamp":"1755548878"}],
		"paging":{"cursors":{"before":"b1","after":"a1"},"next":"https://x/join_requests?after=a1"}}`
	page2 := `{"data":[{"join_request_id":"JR3","wa_id":"4915112345678","creation_timestamp":1755548879}],
		"paging":{"cursors":{"before":"b2","after":"a2"}}}`
	f := newFakeAPI(t, sequence(reply(200, page1), reply(200, page2)))
	c := newTestClient(t, f)
	got, err := c.ListJoinRequests(bg(t), "G1")
	if err != nil {
		t.Fatal(err)
	}
	want := []JoinRequest{
		{ID: "MTY0NjcwNDM1OTU6MTIw", WaID: "16505551234", CreationTimestamp: 1755548877},
		{ID: "JR2", UserID: "US.1349", CreationTimestamp: 1755548878},
		{ID: "JR3", WaID: "4915112345678", CreationTimestamp: 1755548879},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if got[0].Key() != "16505551234" || got[1].Key() != "US.1349" {
		t.Errorf("keys = %q, %q", got[0].Key(), got[1].Key())
	}
	reqs := f.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	assertRequest(t, reqs[0], http.MethodGet, "/groups/G1/join_requests", url.Values{"limit": {"1024"}})
	assertRequest(t, reqs[1], http.MethodGet, "/groups/G1/join_requests", url.Values{"limit": {"1024"}, "after": {"a1"}})
	assertNoBody(t, reqs[0])
}

func TestListJoinRequestsEdgeCases(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		f := newFakeAPI(t, reply(200, `{"data":[]}`))
		c := newTestClient(t, f)
		got, err := c.ListJoinRequests(bg(t), "G1")
		if err != nil || len(got) != 0 {
			t.Fatalf("got %v, %v", got, err)
		}
		f.only()
	})
	t.Run("repeated cursor stops", func(t *testing.T) {
		p := `{"data":[{"join_request_id":"JR1"}],"paging":{"cursors":{"after":"same"},"next":"n"}}`
		f := newFakeAPI(t, reply(200, p))
		c := newTestClient(t, f)
		got, err := c.ListJoinRequests(bg(t), "G1")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || len(f.requests()) != 2 {
			t.Errorf("got %d requests / %d items, want 2 / 2", len(f.requests()), len(got))
		}
	})
	t.Run("error", func(t *testing.T) {
		f := newFakeAPI(t, reply(400, graphError(CodeGroupUnknown, "(#131041) Group unknown", "")))
		c := newTestClient(t, f)
		got, err := c.ListJoinRequests(bg(t), "G1")
		if !IsNotFound(err) || got != nil {
			t.Fatalf("got %v, %v", got, err)
		}
	})
}

const partialJoinBody = `{
  "messaging_product": "whatsapp",
  "%s": ["JR1"],
  "failed_join_requests": [
    {"join_request_id": "JR2", "errors": [{
      "code": 131203,
      "message": "(#131203) Recipient has not accepted our new Terms of Service and Privacy Policy.",
      "title": "Unable to add participant to group",
      "error_data": {"details": "Recipient has not accepted our new Terms of Service and Privacy Policy."}}]},
    {"join_request_id": "JR3", "errors": [{
      "code": "131213",
      "message": "(#131213) Group join request does not exist",
      "error_data": {"details": "No such request"}}]}
  ],
  "errors": [{"code": 131201, "message": "(#131201) Request partially succeeded", "title": "Request partially succeeded",
    "error_data": {"details": "Not all join requests were processed"}}]
}`

func TestJoinRequestBatches(t *testing.T) {
	partialWant := BatchResult{
		Succeeded: []string{"JR1"},
		Failed: []ItemFailure{
			{ID: "JR2", Errors: []APIError{{
				Code:    CodeTermsNotAccepted,
				Title:   "Unable to add participant to group",
				Message: "(#131203) Recipient has not accepted our new Terms of Service and Privacy Policy.",
				Details: "Recipient has not accepted our new Terms of Service and Privacy Policy.",
			}}},
			{ID: "JR3", Errors: []APIError{{
				Code:    CodeJoinRequestUnknown,
				Title:   "Group join request does not exist", // parsed from "(#131213) ..."
				Message: "(#131213) Group join request does not exist",
				Details: "No such request",
			}}},
		},
		Errors: []APIError{{
			Code: CodePartialSuccess, Title: "Request partially succeeded",
			Message: "(#131201) Request partially succeeded", Details: "Not all join requests were processed",
		}},
	}
	type op struct {
		name   string
		method string
		key    string
		call   func(*Client, *testing.T) (BatchResult, error)
	}
	ids := []string{"JR1", "JR2", "JR3"}
	ops := []op{
		{"approve", http.MethodPost, "approved_join_requests", func(c *Client, t *testing.T) (BatchResult, error) {
			return c.ApproveJoinRequests(bg(t), "G1", ids)
		}},
		{"reject", http.MethodDelete, "rejected_join_requests", func(c *Client, t *testing.T) (BatchResult, error) {
			return c.RejectJoinRequests(bg(t), "G1", ids)
		}},
	}
	for _, o := range ops {
		cases := []struct {
			name   string
			status int
			resp   string
			want   BatchResult
		}{
			{"200 all ok", 200, `{"messaging_product":"whatsapp","` + o.key + `":["JR1","JR2","JR3"]}`,
				BatchResult{Succeeded: []string{"JR1", "JR2", "JR3"}}},
			{"206 partial", 206, fmt.Sprintf(partialJoinBody, o.key), partialWant},
		}
		for _, tt := range cases {
			t.Run(o.name+"/"+tt.name, func(t *testing.T) {
				f := newFakeAPI(t, reply(tt.status, tt.resp))
				c := newTestClient(t, f)
				got, err := o.call(c, t)
				if err != nil {
					t.Fatal(err)
				}
				req := f.only()
				assertRequest(t, req, o.method, "/groups/G1/join_requests", nil)
				assertJSONBody(t, req, `{"messaging_product":"whatsapp","join_requests":["JR1","JR2","JR3"]}`)
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got  %+v\nwant %+v", got, tt.want)
				}
			})
		}
		t.Run(o.name+"/500 is ambiguous and not repeated", func(t *testing.T) {
			f := newFakeAPI(t, reply(500, `{"error":{"message":"boom","code":1}}`))
			c := newTestClient(t, f)
			_, err := o.call(c, t)
			if !IsAmbiguous(err) {
				t.Fatalf("err = %v, want AmbiguousError", err)
			}
			f.only()
		})
		t.Run(o.name+"/throttled is repeated", func(t *testing.T) {
			f := newFakeAPI(t, sequence(reply(429, graphError(CodeGroupRateLimit, "(#131208) Group Rate Limit Hit", "")),
				reply(200, `{"`+o.key+`":["JR1"]}`)))
			c := newTestClient(t, f)
			got, err := o.call(c, t)
			if err != nil || !reflect.DeepEqual(got.Succeeded, []string{"JR1"}) {
				t.Fatalf("got %+v, %v", got, err)
			}
			if n := len(f.requests()); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
		})
	}
}
