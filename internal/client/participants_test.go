package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"
)

func TestRemoveParticipantsBounds(t *testing.T) {
	nine := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}
	for _, users := range [][]string{nil, {}, nine} {
		t.Run(fmt.Sprintf("%d users", len(users)), func(t *testing.T) {
			f := newFakeAPI(t, reply(200, `{"request_id":"r"}`))
			c := newTestClient(t, f)
			_, err := c.RemoveParticipants(bg(t), "G1", users)
			if err == nil {
				t.Fatal("want an error")
			}
			mustContain(t, err.Error(), "between 1 and 8 users per call", fmt.Sprintf("got %d", len(users)))
			if n := len(f.requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
	for _, n := range []int{1, 8} {
		t.Run(fmt.Sprintf("%d users accepted", n), func(t *testing.T) {
			f := newFakeAPI(t, reply(200, `{"request_id":"r"}`))
			c := newTestClient(t, f)
			users := nine[:n]
			res, err := c.RemoveParticipants(bg(t), "G1", users)
			if err != nil {
				t.Fatal(err)
			}
			var list []map[string]string
			for _, u := range users {
				list = append(list, map[string]string{"user": u})
			}
			want, _ := json.Marshal(map[string]any{"messaging_product": "whatsapp", "participants": list})
			req := f.only()
			assertRequest(t, req, http.MethodDelete, "/groups/G1/participants", nil)
			assertJSONBody(t, req, string(want))
			if !reflect.DeepEqual(res.Removed, users) {
				t.Errorf("removed = %v", res.Removed)
			}
		})
	}
}

func TestRemoveParticipants(t *testing.T) {
	users := []string{"+17865347866", "16505551234", "4915100000000"}
	tests := []struct {
		name   string
		status int
		resp   string
		want   RemoveParticipantsResult
	}{
		{
			// Accepted, not confirmed: failures may come later by webhook.
			name: "plain request_id answer means all accepted", status: 200,
			resp: `{"messaging_product":"whatsapp","request_id":"106540352242922"}`,
			want: RemoveParticipantsResult{RequestID: "106540352242922", Removed: users, Unconfirmed: true},
		},
		{
			name: "empty answer means all accepted", status: 200, resp: ``,
			want: RemoveParticipantsResult{Removed: users, Unconfirmed: true},
		},
		{
			name: "206 partial", status: 206,
			resp: `{"request_id":"r2",
				"removed_participants":[{"input":"+17865347866"},{"wa_id":"16505551234"}],
				"failed_participants":[{"input":"4915100000000","errors":[{"code":131212,
					"message":"(#131212) Participant is not a part of the group","error_data":{"details":"not a member"}}]}],
				"errors":[{"code":131201,"message":"Failed to remove some participants from the group",
					"title":"Not All Participants Remove Succeeded","error_data":{"details":"partial"}}]}`,
			want: RemoveParticipantsResult{
				RequestID: "r2",
				Removed:   []string{"+17865347866", "16505551234"},
				Failed: []ItemFailure{{ID: "4915100000000", Errors: []APIError{{
					Code: CodeNotAParticipant, Title: "Participant is not a part of the group",
					Message: "(#131212) Participant is not a part of the group", Details: "not a member",
				}}}},
				Errors: []APIError{{
					Code: CodePartialSuccess, Title: "Not All Participants Remove Succeeded",
					Message: "Failed to remove some participants from the group", Details: "partial",
				}},
			},
		},
		{
			name: "all failed", status: 206,
			resp: `{"failed_participants":[{"input":"+17865347866","errors":[{"code":131212,"title":"t"}]}]}`,
			want: RemoveParticipantsResult{Failed: []ItemFailure{{ID: "+17865347866", Errors: []APIError{{Code: CodeNotAParticipant, Title: "t"}}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(tt.status, tt.resp))
			c := newTestClient(t, f)
			got, err := c.RemoveParticipants(bg(t), "G1", users)
			if err != nil {
				t.Fatal(err)
			}
			req := f.only()
			assertRequest(t, req, http.MethodDelete, "/groups/G1/participants", nil)
			assertJSONBody(t, req, `{"messaging_product":"whatsapp","participants":[{"user":"+17865347866"},{"user":"16505551234"},{"user":"4915100000000"}]}`)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestRemoveParticipantsErrors(t *testing.T) {
	t.Run("duplicate participant", func(t *testing.T) {
		f := newFakeAPI(t, reply(400, graphError(CodeDuplicateParticipant, "(#131202) Duplicate participant", "dup")))
		c := newTestClient(t, f)
		_, err := c.RemoveParticipants(bg(t), "G1", []string{"1", "1"})
		if !HasCode(err, CodeDuplicateParticipant) || IsAmbiguous(err) {
			t.Fatalf("err = %v", err)
		}
		f.only()
	})
	t.Run("lost response is ambiguous", func(t *testing.T) {
		f := newFakeAPI(t, hangUp)
		c := newTestClient(t, f)
		_, err := c.RemoveParticipants(bg(t), "G1", []string{"1"})
		if !IsAmbiguous(err) {
			t.Fatalf("err = %v, want AmbiguousError", err)
		}
		f.only()
	})
}
