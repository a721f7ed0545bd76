package client

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// metaTemplateError is the 360dialog answer to a template with a bad name,
// captured in the wild (CONTRACT.md §7.4): a Graph error embedded as a string
// in both `developer_message` and `error`.
const metaTemplateError = `{"meta": {"360dialog_trace_id": "TOZFYLoh3xrUq2FsREQ",
  "developer_message": "Invalid payload ({\"error\":{\"message\":\"Invalid parameter\",\"type\":\"OAuthException\",\"code\":100,\"error_data\":{\"blame_field_specs\":[[\"name\"]]},\"error_subcode\":2388046,\"is_transient\":false,\"error_user_title\":\"Name Format is Incorrect\",\"error_user_msg\":\"The message template name can only have lowercase letters and underscores.\",\"fbtrace_id\":\"AzX\"}})",
  "error": "{\"error\":{\"message\":\"Invalid parameter\",\"type\":\"OAuthException\",\"code\":100,\"error_data\":{\"blame_field_specs\":[[\"name\"]]},\"error_subcode\":2388046,\"is_transient\":false,\"error_user_title\":\"Name Format is Incorrect\",\"error_user_msg\":\"The message template name can only have lowercase letters and underscores.\",\"fbtrace_id\":\"AzX\"}}",
  "http_code": 400, "success": false}}`

var envelopeTests = []struct {
	name   string
	status int
	body   string
	want   APIError
}{
	{
		name: "graph error, title parsed from message", status: 400,
		body: `{"error":{"message":"(#131041) Group unknown","type":"OAuthException","code":131041,
			"error_data":{"messaging_product":"whatsapp","details":"Group doesn't exist or you are not a member"},
			"error_subcode":2494010,"is_transient":false,"fbtrace_id":"AbCdEf"}}`,
		want: APIError{HTTPStatus: 400, Code: 131041, Subcode: 2494010, Type: "OAuthException", Title: "Group unknown",
			Message: "(#131041) Group unknown", Details: "Group doesn't exist or you are not a member", TraceID: "AbCdEf"},
	},
	{
		name: "graph error with user title/msg, string code, transient", status: 400,
		body: `{"error":{"message":"Invalid parameter","type":"OAuthException","code":"100","error_subcode":"2388046",
			"is_transient":true,"error_user_title":"Name Format is Incorrect","error_user_msg":"Lowercase only.","fbtrace_id":"F1"}}`,
		want: APIError{HTTPStatus: 400, Code: 100, Subcode: 2388046, Type: "OAuthException", Title: "Name Format is Incorrect",
			Message: "Invalid parameter", Details: "Lowercase only.", TraceID: "F1", Transient: true},
	},
	{
		name: "graph error with explicit title wins over user title and message", status: 403,
		body: `{"error":{"message":"(#131207) something","title":"Group suspended","error_user_title":"ignored",
			"code":131207,"error_data":{"details":"Policy"}}}`,
		want: APIError{HTTPStatus: 403, Code: 131207, Title: "Group suspended", Message: "(#131207) something", Details: "Policy"},
	},
	{
		name: "360dialog meta without embedded error", status: 401,
		body: `{"meta":{"success":false,"http_code":401,"developer_message":"Invalid api_key","360dialog_trace_id":"T360"}}`,
		want: APIError{HTTPStatus: 401, Message: "Invalid api_key", TraceID: "T360"},
	},
	{
		name: "360dialog meta with graph error embedded in error and developer_message", status: 400,
		body: metaTemplateError,
		want: APIError{HTTPStatus: 400, Code: 100, Subcode: 2388046, Type: "OAuthException", Title: "Name Format is Incorrect",
			Message: "Invalid parameter", Details: "The message template name can only have lowercase letters and underscores.",
			TraceID: "TOZFYLoh3xrUq2FsREQ"},
	},
	{
		name: "360dialog meta with graph error only in developer_message", status: 400,
		body: `{"meta":{"success":false,"http_code":400,"360dialog_trace_id":"T2",
			"developer_message":"Invalid payload ({\"error\":{\"message\":\"(#131209) Invalid Group Profile Picture Aspect Ratio\",\"code\":131209,\"error_data\":{\"details\":\"Width and height must be equal\"},\"fbtrace_id\":\"fb2\"}})"}}`,
		want: APIError{HTTPStatus: 400, Code: 131209, Title: "Invalid Group Profile Picture Aspect Ratio",
			Message: "(#131209) Invalid Group Profile Picture Aspect Ratio", Details: "Width and height must be equal", TraceID: "T2"},
	},
	{
		name: "360dialog meta, embedded error without details keeps developer_message, fbtrace as trace id", status: 400,
		body: `{"meta":{"success":false,"http_code":400,
			"developer_message":"Invalid payload ({\"error\":{\"message\":\"Invalid parameter\",\"code\":100,\"fbtrace_id\":\"fb3\"}})"}}`,
		want: APIError{HTTPStatus: 400, Code: 100, Message: "Invalid parameter",
			Details: `Invalid payload ({"error":{"message":"Invalid parameter","code":100,"fbtrace_id":"fb3"}})`, TraceID: "fb3"},
	},
	{
		name: "360dialog meta with a non-graph error string", status: 400,
		body: `{"meta":{"success":false,"http_code":400,"developer_message":"You have exceeded the endpoint rate limit","error":"not json"}}`,
		want: APIError{HTTPStatus: 400, Message: "You have exceeded the endpoint rate limit"},
	},
	{
		name: "error as text", status: 400,
		body: `{"error":"Invalid API key"}`,
		want: APIError{HTTPStatus: 400, Message: "Invalid API key"},
	},
	{
		name: "error as text holding a graph error", status: 429,
		body: `{"error":"upstream: {\"error\":{\"message\":\"(#131208) Group Rate Limit Hit\",\"code\":131208}}"}`,
		want: APIError{HTTPStatus: 429, Code: 131208, Title: "Group Rate Limit Hit", Message: "(#131208) Group Rate Limit Hit"},
	},
	{
		name: "message envelope", status: 403,
		body: `{"message":"The endpoint is blocked"}`,
		want: APIError{HTTPStatus: 403, Message: "The endpoint is blocked"},
	},
	{
		name: "non-JSON body", status: 502,
		body: "<html><body>502 Bad Gateway</body></html>\n",
		want: APIError{HTTPStatus: 502, Message: "<html><body>502 Bad Gateway</body></html>"},
	},
	{
		name: "JSON without a known envelope", status: 400,
		body: `{"foo":1}`,
		want: APIError{HTTPStatus: 400, Message: `{"foo":1}`},
	},
	{
		name: "error null", status: 400,
		body: `{"error":null}`,
		want: APIError{HTTPStatus: 400, Message: `{"error":null}`},
	},
	{
		name: "empty body", status: 404,
		body: ``,
		want: APIError{HTTPStatus: 404, Message: "Not Found"},
	},
	{
		name: "blank body", status: 401,
		body: " \n",
		want: APIError{HTTPStatus: 401, Message: "Unauthorized"},
	},
}

func TestDecodeAPIError(t *testing.T) {
	for _, tt := range envelopeTests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeAPIError(tt.status, []byte(tt.body))
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

// TestErrorEnvelopesOverHTTP runs the same envelopes through a real call.
func TestErrorEnvelopesOverHTTP(t *testing.T) {
	for _, tt := range envelopeTests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			c := newTestClient(t, f, func(cfg *Config) { cfg.Retry = RetryPolicy{MaxAttempts: 1} })
			_, err := c.GetGroup(bg(t), "G1")
			want, prefix := tt.want, "get group: API error"
			if decodeEnvelope(tt.status, []byte(tt.body)) == nil {
				// Not the API's answer: the error names the path instead.
				want.Path, want.notAPI, prefix = "/groups/G1", true, "get group: /groups/G1 answered HTTP"
			}
			if !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("error %q lacks the operation prefix", err)
			}
			if got := apiErr(t, err); !reflect.DeepEqual(*got, want) {
				t.Errorf("got  %+v\nwant %+v", *got, tt.want)
			}
			f.only()
		})
	}
}

func TestDecodeAPIErrorTruncatesLongText(t *testing.T) {
	body := strings.Repeat("x", 2000)
	got := decodeAPIError(500, []byte(body))
	if got.Message != strings.Repeat("x", 512)+"…" {
		t.Errorf("message of %d bytes", len(got.Message))
	}
}

func TestAPIErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  APIError
		want string
	}{
		{"graph error: title said once",
			APIError{HTTPStatus: 400, Code: 131041, Title: "Group unknown", Message: "(#131041) Group unknown",
				Details: "Group doesn't exist", TraceID: "AbC"},
			"API error 131041 (Group unknown): Group doesn't exist (HTTP 400, trace id AbC)"},
		{"message distinct from title",
			APIError{HTTPStatus: 400, Code: 100, Title: "Name Format is Incorrect", Message: "Invalid parameter",
				Details: "Lowercase only.", TraceID: "T"},
			"API error 100 (Name Format is Incorrect): Invalid parameter: Lowercase only. (HTTP 400, trace id T)"},
		{"message only",
			APIError{HTTPStatus: 401, Message: "Invalid api_key"},
			"API error: Invalid api_key (HTTP 401)"},
		{"details equal to message are not repeated",
			APIError{HTTPStatus: 400, Code: 5, Message: "same", Details: "same"},
			"API error 5: same (HTTP 400)"},
		{"nothing but a status",
			APIError{HTTPStatus: 500},
			"API error (HTTP 500)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestErrorHelpers(t *testing.T) {
	e := func(status, code int) error { return &APIError{HTTPStatus: status, Code: code} }
	type want struct{ notFound, rateLimited, retryable bool }
	tests := []struct {
		name string
		err  error
		want want
	}{
		{"nil", nil, want{}},
		{"plain error", errors.New("x"), want{}},
		{"group unknown", e(400, 131041), want{notFound: true}},
		{"404 without code", e(404, 0), want{notFound: true}},
		{"404 with another code", e(404, 100), want{}},
		{"invalid parameter", e(400, 100), want{}},
		{"429", e(429, 0), want{rateLimited: true, retryable: true}},
		{"429 131208", e(429, 131208), want{rateLimited: true, retryable: true}},
		{"code 4 on 400", e(400, 4), want{rateLimited: true, retryable: true}},
		{"80007 on 400", e(400, 80007), want{rateLimited: true, retryable: true}},
		{"130429 on 400", e(400, 130429), want{rateLimited: true, retryable: true}},
		{"131048 on 400", e(400, 131048), want{rateLimited: true, retryable: true}},
		{"131056 on 400", e(400, 131056), want{rateLimited: true, retryable: true}},
		{"131208 on 400", e(400, 131208), want{rateLimited: true, retryable: true}},
		{"500", e(500, 0), want{retryable: true}},
		{"502", e(502, 0), want{retryable: true}},
		{"503", e(503, 0), want{retryable: true}},
		{"code 1", e(400, 1), want{retryable: true}},
		{"code 2", e(400, 2), want{retryable: true}},
		{"transient", &APIError{HTTPStatus: 400, Code: 100, Transient: true}, want{retryable: true}},
		{"suspended", e(403, 131207), want{}},
		{"wrapped not found", fmt.Errorf("get group: %w", e(400, 131041)), want{notFound: true}},
		{"ambiguous 503", &AmbiguousError{Operation: "create group", Err: e(503, 0)}, want{retryable: true}},
		{"retryAfterError 429", &retryAfterError{APIError: &APIError{HTTPStatus: 429}}, want{rateLimited: true, retryable: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := want{IsNotFound(tt.err), IsRateLimited(tt.err), IsRetryable(tt.err)}
			if got != tt.want {
				t.Errorf("notFound/rateLimited/retryable = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestHasCode(t *testing.T) {
	err := fmt.Errorf("op: %w", &APIError{HTTPStatus: 400, Code: 131202})
	if !HasCode(err, 131202) || HasCode(err, 131201) || HasCode(nil, 0) || HasCode(errors.New("x"), 0) {
		t.Error("HasCode misreports")
	}
}

func TestAmbiguousError(t *testing.T) {
	inner := &APIError{HTTPStatus: 503, Message: "busy"}
	err := fmt.Errorf("outer: %w", &AmbiguousError{Operation: "create group", Err: inner})
	if !IsAmbiguous(err) {
		t.Fatal("IsAmbiguous = false")
	}
	var amb *AmbiguousError
	if !errors.As(err, &amb) || amb.Operation != "create group" {
		t.Fatalf("errors.As: %+v", amb)
	}
	if ae := apiErr(t, err); ae != inner {
		t.Error("Unwrap does not reach the API error")
	}
	want := "outcome of create group is unknown (the API may have carried it out): API error: busy (HTTP 503)"
	if amb.Error() != want {
		t.Errorf("text = %q\nwant %q", amb.Error(), want)
	}
	for _, e := range []error{nil, errors.New("x"), inner} {
		if IsAmbiguous(e) {
			t.Errorf("IsAmbiguous(%v) = true", e)
		}
	}
}

// 360dialog's own rate-limit answer carries no code; it is throttling all the
// same (CONTRACT.md §7.4).
func TestD360EndpointRateLimitIsThrottling(t *testing.T) {
	body := `{"meta":{"success":false,"http_code":400,"developer_message":"You have exceeded the endpoint rate limit","360dialog_trace_id":"t"}}`
	err := decodeAPIError(400, []byte(body))
	if !IsRateLimited(err) || !IsRetryable(err) {
		t.Fatalf("rate limited %v, retryable %v; want both", IsRateLimited(err), IsRetryable(err))
	}
	plain := decodeAPIError(400, []byte(`{"error":"You have exceeded the endpoint rate limit"}`))
	if !IsRateLimited(plain) {
		t.Fatal(`{"error":"..."} form not recognised as throttling`)
	}
}

func TestRedactURLHidesCredentials(t *testing.T) {
	got := RedactURL("https://user:secret@waba-v2.360dialog.io/x")
	if strings.Contains(got, "secret") {
		t.Fatalf("RedactURL kept the password: %s", got)
	}
	if _, err := ParseBaseURL("https://user:secret@%zz"); err == nil || strings.Contains(err.Error(), "secret") {
		t.Fatalf("ParseBaseURL error must not repeat the URL: %v", err)
	}
}
