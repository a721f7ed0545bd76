package client

import (
	"strings"
	"testing"
)

func TestParseBaseURL(t *testing.T) {
	tests := []struct {
		raw     string
		want    string // empty: must be refused
		wantErr string
	}{
		{raw: "https://waba-v2.360dialog.io", want: "https://waba-v2.360dialog.io"},
		{raw: "https://waba-v2.360dialog.io/", want: "https://waba-v2.360dialog.io"},
		{raw: "  https://waba-sandbox.360dialog.io/  ", want: "https://waba-sandbox.360dialog.io"},
		{raw: "https://proxy.example.com/d360/v2///", want: "https://proxy.example.com/d360/v2"},
		{raw: "https://proxy.example.com:8443/api", want: "https://proxy.example.com:8443/api"},
		{raw: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{raw: "http://127.0.0.2:9/", want: "http://127.0.0.2:9"},
		{raw: "http://localhost:3000/emu", want: "http://localhost:3000/emu"},
		{raw: "http://LOCALHOST", want: "http://LOCALHOST"},
		{raw: "http://[::1]:8080", want: "http://[::1]:8080"},
		{raw: "http://example.com", wantErr: "https"},
		{raw: "http://10.0.0.1:8080", wantErr: "https"},
		{raw: "http://localhost.example.com", wantErr: "https"},
		{raw: "waba-v2.360dialog.io", wantErr: "absolute http(s) URL"},
		{raw: "/groups", wantErr: "absolute http(s) URL"},
		{raw: "ftp://waba-v2.360dialog.io", wantErr: "absolute http(s) URL"},
		{raw: "https://", wantErr: "absolute http(s) URL"},
		{raw: "https:///path", wantErr: "absolute http(s) URL"},
		{raw: "", wantErr: "absolute http(s) URL"},
		{raw: "https://waba-v2.360dialog.io/?x=1", wantErr: "query"},
		{raw: "https://waba-v2.360dialog.io/#frag", wantErr: "fragment"},
		{raw: "https://user:pass@waba-v2.360dialog.io", wantErr: "credentials"},
		{raw: "http://user@127.0.0.1", wantErr: "credentials"},
		{raw: "https://bad host", wantErr: "not a valid URL"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			u, err := ParseBaseURL(tt.raw)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("accepted as %s", u)
				}
				mustContain(t, err.Error(), tt.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if u.String() != tt.want {
				t.Errorf("got %s, want %s", u, tt.want)
			}
		})
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "127.0.0.1": true, "127.1.2.3": true, "::1": true,
		"0.0.0.0": false, "10.0.0.1": false, "example.com": false, "localhost.evil": false, "": false,
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v", host, got)
		}
	}
}

// TestBasePathKept checks requests go to base path + route.
func TestBasePathKept(t *testing.T) {
	f := newFakeAPI(t, reply(200, `{"id":"G1","request_id":"R","invite_link":"https://chat.whatsapp.com/x"}`))
	c := newTestClient(t, f, func(cfg *Config) { cfg.BaseURL = f.srv.URL + "/proxy/d360/" })
	if !strings.HasSuffix(c.BaseURL(), "/proxy/d360") {
		t.Errorf("BaseURL() = %q", c.BaseURL())
	}
	ctx := bg(t)
	if _, err := c.GetGroup(ctx, "G1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetInviteLink(ctx, "G1"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteTemplate(ctx, "tpl"); err != nil {
		t.Fatal(err)
	}
	want := []string{"/proxy/d360/groups/G1", "/proxy/d360/groups/G1/invite_link", "/proxy/d360/v1/configs/templates/tpl"}
	for i, r := range f.requests() {
		if r.Path != want[i] {
			t.Errorf("request %d path %q, want %q", i, r.Path, want[i])
		}
	}
}
