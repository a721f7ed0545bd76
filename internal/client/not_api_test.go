package client

import (
	"net/http"
	"strings"
	"testing"
)

// An answer that is not one of the API's envelopes (a wrong base_url path, a
// proxy, a captive portal) never means "not found": the error names the URL
// path and the status instead, so refresh and delete fail rather than drop
// the group from state or report it deleted.
func TestAnswerNotFromTheAPIIsNeverNotFound(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		notFound                bool
	}{
		{"bare 404", "", "", false},
		{"html 404", "text/html", "<html><body>Not Found</body></html>", false},
		{"text 404", "text/plain", "404 page not found", false},
		{"json that is not an envelope", "application/json", `{"status":"missing"}`, false},
		{"meta envelope 404", "application/json", `{"meta":{"developer_message":"not found","http_code":404,"success":false}}`, true},
		{"graph 131041", "application/json", graphError(CodeGroupUnknown, "(#131041) Group unknown", "no such group"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status := http.StatusNotFound
			if strings.Contains(tt.body, "131041") {
				status = http.StatusBadRequest
			}
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(status)
				_, _ = w.Write([]byte(tt.body))
			})
			c := newTestClient(t, f, func(cfg *Config) { cfg.BaseURL = f.srv.URL + "/wrong/prefix" })
			for _, call := range []struct {
				op string
				do func() error
			}{
				{"get", func() error { _, err := c.GetGroup(bg(t), "G1"); return err }},
				{"delete", func() error { return c.DeleteGroup(bg(t), "G1") }},
			} {
				err := call.do()
				if err == nil {
					t.Fatalf("%s: no error", call.op)
				}
				if got := IsNotFound(err); got != tt.notFound {
					t.Fatalf("%s: IsNotFound = %v, want %v (%v)", call.op, got, tt.notFound, err)
				}
				if !tt.notFound {
					mustContain(t, err.Error(), "/wrong/prefix/groups/G1", "HTTP 404", "not an answer of the API", "base_url")
				}
			}
		})
	}
}
