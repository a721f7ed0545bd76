package client

import (
	"net/http"
	"testing"
)

const link = "https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv"

func TestGetInviteLink(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		resp    string
		want    string
		wantErr string
	}{
		{"ok", 200, `{"messaging_product":"whatsapp","invite_link":"` + link + `"}`, link, ""},
		{"no link in answer", 200, `{"messaging_product":"whatsapp"}`, "", "get invite link: the API answered no invite_link"},
		{"group unknown", 400, graphError(CodeGroupUnknown, "(#131041) Group unknown", ""), "", "131041"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(tt.status, tt.resp))
			c := newTestClient(t, f)
			got, err := c.GetInviteLink(bg(t), "G1")
			req := f.only()
			assertRequest(t, req, http.MethodGet, "/groups/G1/invite_link", nil)
			assertNoBody(t, req)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("got %q, want error", got)
				}
				mustContain(t, err.Error(), tt.wantErr)
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestResetInviteLink(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		resp    string
		want    string
		wantErr string
	}{
		{"ok", 200, `{"messaging_product":"whatsapp","invite_link":"` + link + `"}`, link, ""},
		{"no link in answer", 200, `{}`, "", "reset invite link: the API answered no invite_link"},
		{"suspended", 403, graphError(CodeGroupSuspended, "(#131207) Group suspended", "Group violates platform policies"), "", "131207"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(tt.status, tt.resp))
			c := newTestClient(t, f)
			got, err := c.ResetInviteLink(bg(t), "G1")
			req := f.only()
			assertRequest(t, req, http.MethodPost, "/groups/G1/invite_link", nil)
			assertJSONBody(t, req, `{"messaging_product":"whatsapp"}`)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("got %q, want error", got)
				}
				mustContain(t, err.Error(), tt.wantErr)
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestResetInviteLinkRetried(t *testing.T) {
	f := newFakeAPI(t, sequence(hangUp, reply(200, `{"invite_link":"`+link+`"}`)))
	c := newTestClient(t, f)
	got, err := c.ResetInviteLink(bg(t), "G1")
	if err != nil || got != link {
		t.Fatalf("got %q, %v", got, err)
	}
	if n := len(f.requests()); n != 2 {
		t.Errorf("%d requests, want 2 (a reset is safe to repeat)", n)
	}
}

func TestDeleteInviteLink(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		resp    string
		wantErr string
	}{
		{"success as the string \"true\"", 200, `{"messaging_product":"whatsapp","success":"true"}`, ""},
		{"success as a bool", 200, `{"messaging_product":"whatsapp","success":true}`, ""},
		{"empty body", 200, ``, ""},
		{"success not a boolean", 200, `{"success":"maybe"}`, "delete invite link: decoding response"},
		{"error", 400, graphError(CodeInvalidParameter, "(#100) Invalid parameter", "bad"), "API error 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(tt.status, tt.resp))
			c := newTestClient(t, f)
			err := c.DeleteInviteLink(bg(t), "G1")
			req := f.only()
			assertRequest(t, req, http.MethodDelete, "/groups/G1/invite_link", nil)
			assertJSONBody(t, req, `{"messaging_product":"whatsapp"}`)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatal("want error")
				}
				mustContain(t, err.Error(), tt.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
