package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// Error codes the provider branches on (CONTRACT.md §7.2 and §7.3).
const (
	CodeInvalidParameter      = 100
	CodeGroupUnknown          = 131041
	CodeInvalidCursor         = 131059
	CodePartialSuccess        = 131201
	CodeDuplicateParticipant  = 131202
	CodeTermsNotAccepted      = 131203
	CodeParticipantOverlimit  = 131204
	CodeGroupSuspended        = 131207
	CodeGroupRateLimit        = 131208
	CodePictureAspectRatio    = 131209
	CodePictureTooSmall       = 131210
	CodeGroupCreateLimit      = 131211
	CodeNotAParticipant       = 131212
	CodeJoinRequestUnknown    = 131213
	CodeGroupCreationDisabled = 131214
	CodeNumberNotEligible     = 131215
)

// throttlingCodes are the codes that mean "slow down and try again"
// whatever HTTP status carries them (CONTRACT.md §7.3).
var throttlingCodes = map[int]bool{4: true, 80007: true, 130429: true, 131048: true, 131056: true, 131208: true}

// APIError is every error envelope the API is documented to use (Graph
// `{"error":{...}}`, 360dialog `{"meta":{...}}` and `{"error":"text"}`,
// CONTRACT.md §7.4) decoded into one type.
type APIError struct {
	HTTPStatus int
	Code       int
	Subcode    int
	Type       string
	Title      string
	Message    string
	Details    string
	TraceID    string
	Transient  bool
	// Path is the URL path the answer came from, set when the answer is not
	// one of the API's envelopes (notAPI): a wrong base_url, a proxy or a
	// captive portal answered instead of the API.
	Path   string
	notAPI bool
}

func (e *APIError) Error() string {
	if e.notAPI {
		return fmt.Sprintf("%s answered HTTP %d, which is not an answer of the API (%s); check that base_url points at the API",
			e.Path, e.HTTPStatus, e.Message)
	}
	var b strings.Builder
	b.WriteString("API error")
	if e.Code != 0 {
		fmt.Fprintf(&b, " %d", e.Code)
	}
	if e.Title != "" {
		fmt.Fprintf(&b, " (%s)", e.Title)
	}
	msg := e.Message
	if e.Title != "" {
		// Graph messages repeat the title as "(#code) title"; say it once.
		msg = strings.TrimSpace(strings.TrimPrefix(msg, fmt.Sprintf("(#%d) %s", e.Code, e.Title)))
	}
	if msg != "" {
		fmt.Fprintf(&b, ": %s", msg)
	}
	if e.Details != "" && e.Details != msg {
		fmt.Fprintf(&b, ": %s", e.Details)
	}
	fmt.Fprintf(&b, " (HTTP %d", e.HTTPStatus)
	if e.TraceID != "" {
		fmt.Fprintf(&b, ", trace id %s", e.TraceID)
	}
	b.WriteString(")")
	return b.String()
}

// IsNotFound reports whether err says the group does not exist (or the
// business is no longer a member), which the provider treats as "gone". Only
// the API can say so: a 404 that is not in one of its envelopes comes from
// something else (a wrong base_url path, a proxy) and proves nothing.
func IsNotFound(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	return ae.Code == CodeGroupUnknown || isGraphObjectMissing(ae) || (ae.HTTPStatus == http.StatusNotFound && ae.Code == 0 && !ae.notAPI)
}

// SubcodeObjectMissing is Graph's subcode of code 100 for "Object with ID
// ... does not exist, cannot be loaded due to missing permissions, or does
// not support this operation".
const SubcodeObjectMissing = 33

// isGraphObjectMissing recognises Graph's generic not-found answer (code 100,
// subcode 33), which the groups node may use instead of 131041, with HTTP
// 400 or 404.
func isGraphObjectMissing(ae *APIError) bool {
	return ae.Code == CodeInvalidParameter && ae.Subcode == SubcodeObjectMissing &&
		(ae.HTTPStatus == http.StatusBadRequest || ae.HTTPStatus == http.StatusNotFound)
}

// IsRateLimited reports whether err is a throttling answer.
func IsRateLimited(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	return ae.HTTPStatus == http.StatusTooManyRequests || throttlingCodes[ae.Code] ||
		// 360dialog's own limit answers HTTP 400 "You have exceeded the
		// endpoint rate limit" without a code (CONTRACT.md §7.4).
		strings.Contains(strings.ToLower(ae.Message), "exceeded the endpoint rate limit")
}

// IsRetryable reports whether repeating the same request later may succeed:
// throttling, server-side failures and errors Graph marks as transient.
func IsRetryable(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	return IsRateLimited(err) || ae.HTTPStatus >= 500 || ae.Transient || ae.Code == 1 || ae.Code == 2
}

// HasCode reports whether err is an APIError with the given code.
func HasCode(err error, code int) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == code
}

// AmbiguousError is returned when a request that is not safe to repeat (such
// as creating a group) may or may not have been carried out: the connection
// broke or the server failed after the request was sent. The caller must find
// out what happened before sending it again.
type AmbiguousError struct {
	Operation string
	Err       error
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("outcome of %s is unknown (the API may have carried it out): %v", e.Operation, e.Err)
}

func (e *AmbiguousError) Unwrap() error { return e.Err }

// IsAmbiguous reports whether err is an AmbiguousError.
func IsAmbiguous(err error) bool {
	var ae *AmbiguousError
	return errors.As(err, &ae)
}

// wireError is the short error object used by Graph errors and inside partial
// results: {code, message, title, error_data{details}}.
type wireError struct {
	Message   string    `json:"message"`
	Type      string    `json:"type"`
	Code      FlexInt64 `json:"code"`
	Subcode   FlexInt64 `json:"error_subcode"`
	Title     string    `json:"title"`
	UserTitle string    `json:"error_user_title"`
	UserMsg   string    `json:"error_user_msg"`
	Transient bool      `json:"is_transient"`
	TraceID   string    `json:"fbtrace_id"`
	ErrorData errorData `json:"error_data"`
}

var graphTitle = regexp.MustCompile(`^\(#(\d+)\)\s*(.*)$`)

func (w wireError) toAPIError(status int) *APIError {
	e := &APIError{
		HTTPStatus: status,
		Code:       int(w.Code),
		Subcode:    int(w.Subcode),
		Type:       w.Type,
		Title:      w.Title,
		Message:    w.Message,
		Details:    w.ErrorData.Details,
		TraceID:    w.TraceID,
		Transient:  w.Transient,
	}
	if e.Title == "" {
		e.Title = w.UserTitle
	}
	if e.Title == "" {
		if m := graphTitle.FindStringSubmatch(w.Message); m != nil {
			e.Title = m[2]
		}
	}
	if e.Details == "" && w.UserMsg != "" {
		e.Details = w.UserMsg
	}
	return e
}

// ErrorFromWire converts an error object found inside a partial result.
func errorFromWire(w wireError) APIError { return *w.toAPIError(0) }

// answerError is the error for a non-2xx answer from path: the API's
// envelope when there is one, otherwise an error that says the answer was
// not the API's.
func answerError(status int, body []byte, path string) *APIError {
	if e := decodeEnvelope(status, body); e != nil {
		return e
	}
	e := decodeAPIError(status, body)
	e.Path, e.notAPI = path, true
	return e
}

// decodeAPIError reads any of the three documented envelopes, and keeps any
// other answer as text.
func decodeAPIError(status int, body []byte) *APIError {
	if e := decodeEnvelope(status, body); e != nil {
		return e
	}
	text := strings.TrimSpace(string(body))
	if len(text) > 512 {
		text = text[:512] + "…"
	}
	if text == "" {
		text = http.StatusText(status)
	}
	return &APIError{HTTPStatus: status, Message: text}
}

// decodeEnvelope reads any of the three documented envelopes; nil when the
// body is none of them.
func decodeEnvelope(status int, body []byte) *APIError {
	var probe struct {
		Error json.RawMessage `json:"error"`
		Meta  *struct {
			HTTPCode         FlexInt64 `json:"http_code"`
			DeveloperMessage string    `json:"developer_message"`
			TraceID          string    `json:"360dialog_trace_id"`
			Error            string    `json:"error"`
		} `json:"meta"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(body, &probe); err == nil {
		switch {
		case len(probe.Error) > 0 && probe.Error[0] == '{':
			var w wireError
			if json.Unmarshal(probe.Error, &w) == nil {
				return w.toAPIError(status)
			}
		case len(probe.Error) > 0 && probe.Error[0] == '"':
			var s string
			_ = json.Unmarshal(probe.Error, &s)
			if inner := embeddedGraphError(s); inner != nil {
				return inner.toAPIError(status)
			}
			return textError(status, s)
		case probe.Meta != nil:
			m := probe.Meta
			var e *APIError
			if inner := embeddedGraphError(m.Error); inner != nil {
				e = inner.toAPIError(status)
			} else if inner := embeddedGraphError(m.DeveloperMessage); inner != nil {
				e = inner.toAPIError(status)
			} else {
				e = &APIError{HTTPStatus: status, Message: m.DeveloperMessage}
			}
			if e.Message == "" {
				e.Message = m.DeveloperMessage
			}
			if e.Details == "" && m.DeveloperMessage != e.Message {
				e.Details = m.DeveloperMessage
			}
			e.TraceID = firstNonEmpty(m.TraceID, e.TraceID)
			return e
		case probe.Message != "":
			return &APIError{HTTPStatus: status, Message: probe.Message}
		}
	}
	return nil
}

// textError reads the {"error":"text"} envelope. A Graph error flattened to
// text keeps its "(#code) title: details" form; the code is recovered so that
// callers can branch on it (IsNotFound, IsRateLimited) whatever the envelope.
func textError(status int, s string) *APIError {
	m := graphTitle.FindStringSubmatch(s)
	if m == nil {
		return &APIError{HTTPStatus: status, Message: s}
	}
	code, err := strconv.Atoi(m[1])
	if err != nil {
		return &APIError{HTTPStatus: status, Message: s}
	}
	title, details, _ := strings.Cut(m[2], ": ")
	return &APIError{HTTPStatus: status, Code: code, Title: title, Message: fmt.Sprintf("(#%d) %s", code, title), Details: details}
}

// embeddedGraphError finds a Graph error serialised inside a string, as
// 360dialog does for template failures: `Invalid payload ({"error":{...}})`.
func embeddedGraphError(s string) *wireError {
	start := strings.Index(s, `{"error"`)
	if start < 0 {
		return nil
	}
	end := strings.LastIndex(s, "}")
	if end < start {
		return nil
	}
	var env struct {
		Error *wireError `json:"error"`
	}
	if json.Unmarshal([]byte(s[start:end+1]), &env) != nil || env.Error == nil {
		return nil
	}
	return env.Error
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
