package client

import (
	"net/http"
	"testing"
)

func TestDecodeAPIErrorTextEnvelope(t *testing.T) {
	cases := []struct {
		body      string
		wantCode  int
		wantTitle string
		wantError string
	}{
		{
			body:     `{"error":"(#131041) Group unknown: Group X doesn't exist or you are not a member"}`,
			wantCode: CodeGroupUnknown, wantTitle: "Group unknown",
			wantError: "API error 131041 (Group unknown): Group X doesn't exist or you are not a member (HTTP 400)",
		},
		{
			body:     `{"error":"(#131208) Group Rate Limit Hit"}`,
			wantCode: CodeGroupRateLimit, wantTitle: "Group Rate Limit Hit",
			wantError: "API error 131208 (Group Rate Limit Hit) (HTTP 400)",
		},
		{
			body:      `{"error":"something went wrong"}`,
			wantError: "API error: something went wrong (HTTP 400)",
		},
	}
	for _, tc := range cases {
		e := decodeAPIError(http.StatusBadRequest, []byte(tc.body))
		if e.Code != tc.wantCode || e.Title != tc.wantTitle || e.Error() != tc.wantError {
			t.Errorf("%s: got code %d title %q error %q; want %d %q %q", tc.body, e.Code, e.Title, e.Error(), tc.wantCode, tc.wantTitle, tc.wantError)
		}
	}
	if !IsNotFound(decodeAPIError(http.StatusBadRequest, []byte(cases[0].body))) {
		t.Error("a 131041 in the text envelope must count as not found")
	}
}
