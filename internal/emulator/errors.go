package emulator

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
)

// apiError is a failure answered to an API client; writeError renders it in
// the configured ErrorStyle.
type apiError struct {
	status    int
	code      int
	title     string
	details   string
	subcode   int
	userTitle string
	userMsg   string
}

func (a *apiError) Error() string { return fmt.Sprintf("(#%d) %s: %s", a.code, a.title, a.details) }

// codeInfo holds the HTTP status and title of each error code (CONTRACT §7.2).
var codeInfo = map[int]struct {
	status int
	title  string
}{
	1:      {http.StatusInternalServerError, "An unknown error occurred"},
	2:      {http.StatusServiceUnavailable, "Service temporarily unavailable"},
	100:    {http.StatusBadRequest, "Invalid parameter"},
	104:    {http.StatusUnauthorized, "Access token required"},
	190:    {http.StatusUnauthorized, "Invalid OAuth access token"},
	2635:   {http.StatusBadRequest, "Deprecated API version"},
	131041: {http.StatusBadRequest, "Group unknown"},
	131059: {http.StatusBadRequest, "Invalid cursor"},
	131201: {http.StatusPartialContent, "Request partially succeeded"},
	131202: {http.StatusBadRequest, "Duplicate participant"},
	131203: {http.StatusBadRequest, "Unable to add participant to group"},
	131204: {http.StatusBadRequest, "Participant overlimit"},
	131207: {http.StatusForbidden, "Group suspended"},
	131208: {http.StatusTooManyRequests, "Group Rate Limit Hit"},
	131209: {http.StatusBadRequest, "Invalid Group Profile Picture Aspect Ratio"},
	131210: {http.StatusBadRequest, "Image is Too Small to Process"},
	131211: {http.StatusBadRequest, "Group create limit reached"},
	131212: {http.StatusBadRequest, "Participant is not a part of the group"},
	131213: {http.StatusBadRequest, "Group join request does not exist"},
	131214: {http.StatusBadRequest, "Group creation is temporarily disabled"},
	131215: {http.StatusBadRequest, "Phone number not eligible to access Groups APIs"},
	// Sending templates (messages.go).
	131008: {http.StatusBadRequest, "Required parameter is missing"},
	132001: {http.StatusNotFound, "Template name does not exist in the translation"},
	132015: {http.StatusBadRequest, "Template is Paused"},
	132016: {http.StatusBadRequest, "Template is Disabled"},
}

// errCode builds an error with the status and title registered for code.
func errCode(code int, details string) *apiError {
	info, ok := codeInfo[code]
	if !ok {
		info = codeInfo[1]
	}
	return &apiError{status: info.status, code: code, title: info.title, details: details}
}

// errParam is the generic Graph validation error (code 100, HTTP 400).
func errParam(format string, args ...any) *apiError {
	return errCode(100, fmt.Sprintf(format, args...))
}

func errUnknownGroup(id string) *apiError {
	return errCode(131041, fmt.Sprintf("Group %s doesn't exist or you are not a member", id))
}

func errSuspended() *apiError {
	return errCode(131207, "The group has been suspended for violating WhatsApp platform policies")
}

// shortError is the error form used inside partial-result bodies and
// webhooks: {code, message, title, error_data{details}}.
type shortError struct {
	Code      int          `json:"code"`
	Message   string       `json:"message"`
	Title     string       `json:"title"`
	ErrorData errorDetails `json:"error_data"`
}

type errorDetails struct {
	Details string `json:"details"`
}

func (a *apiError) short() shortError {
	return shortError{Code: a.code, Message: a.message(), Title: a.title, ErrorData: errorDetails{Details: a.details}}
}

func (a *apiError) message() string { return fmt.Sprintf("(#%d) %s", a.code, a.title) }

type graphErrorData struct {
	MessagingProduct string `json:"messaging_product"`
	Details          string `json:"details"`
}

type graphError struct {
	Message   string `json:"message"`
	Type      string `json:"type"`
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode,omitempty"`
	UserTitle string `json:"error_user_title,omitempty"`
	UserMsg   string `json:"error_user_msg,omitempty"`
	ErrorData any    `json:"error_data"`
	FbtraceID string `json:"fbtrace_id"`
}

type metaEnvelope struct {
	Meta metaBody `json:"meta"`
}

type metaBody struct {
	Success          bool   `json:"success"`
	HTTPCode         int    `json:"http_code"`
	DeveloperMessage string `json:"developer_message"`
	Error            string `json:"error,omitempty"`
	TraceID          string `json:"360dialog_trace_id"`
}

func (a *apiError) graph(d Dialect) map[string]graphError {
	return map[string]graphError{"error": {
		Message:   a.message(),
		Type:      "OAuthException",
		Code:      a.code,
		Subcode:   a.subcode,
		UserTitle: a.userTitle,
		UserMsg:   a.userMsg,
		ErrorData: d.errorData(graphErrorData{MessagingProduct: "whatsapp", Details: a.details}),
		FbtraceID: randomAlnum(27),
	}}
}

// writeError renders a in the configured ErrorStyle.
func (e *Emulator) writeError(w http.ResponseWriter, a *apiError) {
	if a = e.opts.Dialect.notFound(a); a == nil {
		e.opts.Dialect.writeBare(w)
		return
	}
	switch e.opts.ErrorStyle {
	case ErrorStyleMeta:
		raw, _ := json.Marshal(a.graph(e.opts.Dialect))
		writeJSON(w, a.status, metaEnvelope{Meta: metaBody{
			HTTPCode: a.status, DeveloperMessage: string(raw), Error: string(raw), TraceID: randomAlnum(20),
		}})
	case ErrorStyleString:
		writeJSON(w, a.status, map[string]string{"error": a.message() + ": " + a.details})
	default:
		writeJSON(w, a.status, a.graph(e.opts.Dialect))
	}
}

// writeUnauthorized answers a bad API key the way 360dialog's gateway does,
// whatever the ErrorStyle: the key is checked before the call reaches Meta.
func writeUnauthorized(w http.ResponseWriter) {
	writeJSON(w, http.StatusUnauthorized, metaEnvelope{Meta: metaBody{
		HTTPCode: http.StatusUnauthorized, DeveloperMessage: "Invalid api_key", TraceID: randomAlnum(20),
	}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randomAlnum(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[rand.IntN(len(alnum))]
	}
	return string(b)
}
