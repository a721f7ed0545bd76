package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Dialect selects, for each point where the public documents allow more
// than one reading (issue 13; DESIGN.md "Readings the documents allow"),
// which one the emulator speaks. The zero value is the emulator's default
// reading everywhere.
//
// The JSON form is what `d360-probe -out FILE` writes, so
// `d360-emulator -profile FILE` (and D360_EMULATOR_PROFILE for the
// acceptance tests) speaks exactly what a probe found on a real number. A
// null or absent key keeps the default.
type Dialect struct {
	// CreateResponse is the answer of POST /groups: "request_id" (Meta's
	// spec, the default), "id_is_group" ({"id": <group id>}) or
	// "id_is_request" ({"id": <a request id>}, 360dialog's reference read
	// literally).
	CreateResponse string `json:"create_response,omitempty"`
	// NotFound is how an unknown group is answered: "131041" (default),
	// "100/33" (Graph's generic "Object with ID ... does not exist", HTTP
	// 400) or "http_<status>" (that status with an empty body).
	NotFound string `json:"not_found,omitempty"`
	// ErrorEnvelope is "graph" (default), "meta" or "string" (Options.ErrorStyle).
	ErrorEnvelope string `json:"error_envelope,omitempty"`
	// ErrorData is "object" (default) or "string": error_data JSON-encoded
	// into a string.
	ErrorData string `json:"error_data,omitempty"`
	// CreatedAt is the type of created_at in the group list: "int"
	// (default), "numeric_string" or "rfc3339".
	CreatedAt string `json:"created_at,omitempty"`
	// PictureField is the multipart part name the settings update accepts
	// for a picture: "file" (default) or "profile_picture_file". The other
	// name is refused with code 100 naming the expected one.
	PictureField string `json:"picture_field,omitempty"`
	// DescriptionTrimmed makes the API trim descriptions as it trims
	// subjects.
	DescriptionTrimmed *bool `json:"description_trimmed,omitempty"`
	// OmitsDefaults is recorded by the probe: whether a GET leaves out
	// join_approval_mode and suspended when they hold their defaults
	// (Options.OmitDefaults speaks it).
	OmitsDefaults *bool `json:"omits_defaults,omitempty"`

	// The readings below are not recorded by the probe (it cannot observe
	// them without users or failures of its own).

	// JoinApprovalModeBool answers join_approval_mode as a boolean (true =
	// approval required).
	JoinApprovalModeBool bool `json:"join_approval_mode_bool,omitempty"`
	// JoinRequestsPageSize, when positive, is the size of every page of
	// join requests whatever `limit` says (no limit is documented).
	JoinRequestsPageSize int `json:"join_requests_page_size,omitempty"`
	// JoinRequestsRefuseLimit refuses a `limit` parameter on the join
	// requests listing with code 100.
	JoinRequestsRefuseLimit bool `json:"join_requests_refuse_limit,omitempty"`
	// RemovalsReportedLater answers a participant removal with only a
	// request id, applies it after UpdateDelay, and reports failures only by
	// webhook.
	RemovalsReportedLater bool `json:"removals_reported_later,omitempty"`
}

// Create answer readings (Dialect.CreateResponse).
const (
	CreateIDIsGroup   = "id_is_group"
	CreateIDIsRequest = "id_is_request"
)

// Not-found readings (Dialect.NotFound).
const (
	NotFound131041  = "131041"
	NotFoundGraph33 = "100/33"
)

// Value readings.
const (
	ErrorDataObject       = "object"
	ErrorDataString       = "string"
	CreatedAtInt          = "int"
	CreatedAtNumericStr   = "numeric_string"
	CreatedAtRFC3339      = "rfc3339"
	PictureFieldFile      = "file"
	PictureFieldD360      = "profile_picture_file"
	httpStatusNotFoundPfx = "http_"
)

var httpNotFound = regexp.MustCompile(`^http_([1-5][0-9][0-9])$`)

// Validate reports the first value that is not a known reading.
func (d Dialect) Validate() error {
	oneOf := func(key, v string, allowed ...string) error {
		if v == "" {
			return nil
		}
		for _, a := range allowed {
			if v == a {
				return nil
			}
		}
		return fmt.Errorf("%s must be one of %s, not %q", key, strings.Join(allowed, ", "), v)
	}
	if err := oneOf("create_response", d.CreateResponse, string(CreateResponseRequestID), CreateIDIsGroup, CreateIDIsRequest, string(CreateResponseID)); err != nil {
		return err
	}
	if d.NotFound != "" && d.NotFound != NotFound131041 && d.NotFound != NotFoundGraph33 && !httpNotFound.MatchString(d.NotFound) {
		return fmt.Errorf("not_found must be 131041, 100/33 or http_<status>, not %q", d.NotFound)
	}
	if err := oneOf("error_envelope", d.ErrorEnvelope, string(ErrorStyleGraph), string(ErrorStyleMeta), string(ErrorStyleString)); err != nil {
		return err
	}
	if err := oneOf("error_data", d.ErrorData, ErrorDataObject, ErrorDataString); err != nil {
		return err
	}
	if err := oneOf("created_at", d.CreatedAt, CreatedAtInt, CreatedAtNumericStr, CreatedAtRFC3339); err != nil {
		return err
	}
	if err := oneOf("picture_field", d.PictureField, PictureFieldFile, PictureFieldD360); err != nil {
		return err
	}
	if d.JoinRequestsPageSize < 0 {
		return fmt.Errorf("join_requests_page_size must not be negative")
	}
	return nil
}

// ParseDialect reads a dialect (a probe's -out file); unknown keys are
// refused so that a typo does not silently test the default.
func ParseDialect(data []byte) (Dialect, error) {
	var d Dialect
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return Dialect{}, fmt.Errorf("reading the dialect: %w", err)
	}
	return d, d.Validate()
}

// LoadDialect reads a dialect file.
func LoadDialect(path string) (Dialect, error) {
	data, err := os.ReadFile(path) //nolint:gosec // G304: the path is the operator's own choice
	if err != nil {
		return Dialect{}, err
	}
	d, err := ParseDialect(data)
	if err != nil {
		return Dialect{}, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// applyDialect folds the dialect's readings that have an older Options
// field into that field, so each reading is decided in one place.
func applyDialect(opts *Options) {
	switch opts.Dialect.CreateResponse {
	case CreateIDIsGroup, string(CreateResponseID):
		opts.CreateResponse = CreateResponseID
	case CreateIDIsRequest:
		opts.CreateResponse = CreateResponseIDIsRequest
	case string(CreateResponseRequestID):
		opts.CreateResponse = CreateResponseRequestID
	}
	if opts.Dialect.ErrorEnvelope != "" {
		opts.ErrorStyle = ErrorStyle(opts.Dialect.ErrorEnvelope)
	}
	if opts.Dialect.OmitsDefaults != nil && *opts.Dialect.OmitsDefaults {
		opts.OmitDefaults = true
	}
}

// notFound rewrites the unknown-group error in the dialect's reading. It
// returns nil when the answer is a bare status (written by writeBare).
func (d Dialect) notFound(a *apiError) *apiError {
	if a.code != 131041 {
		return a
	}
	switch {
	case d.NotFound == NotFoundGraph33:
		return &apiError{status: http.StatusBadRequest, code: 100, subcode: 33, title: "Unsupported request",
			details: "Unsupported get request. Object with ID does not exist, cannot be loaded due to missing permissions, or does not support this operation"}
	case httpNotFound.MatchString(d.NotFound):
		return nil
	}
	return a
}

// writeBare answers the http_<status> not-found reading: the status alone.
func (d Dialect) writeBare(w http.ResponseWriter) {
	status, _ := strconv.Atoi(strings.TrimPrefix(d.NotFound, httpStatusNotFoundPfx))
	w.WriteHeader(status)
}

// errorData renders error_data in the dialect's reading.
func (d Dialect) errorData(data graphErrorData) any {
	if d.ErrorData == ErrorDataString {
		raw, _ := json.Marshal(data)
		return string(raw)
	}
	return data
}

// createdAt renders a group's created_at in the dialect's reading.
func (d Dialect) createdAt(t time.Time) any {
	switch d.CreatedAt {
	case CreatedAtNumericStr:
		return strconv.FormatInt(t.Unix(), 10)
	case CreatedAtRFC3339:
		return t.UTC().Format(time.RFC3339)
	}
	return t.Unix()
}

// pictureField is the part name a picture upload must use.
func (d Dialect) pictureField() string {
	if d.PictureField == PictureFieldD360 {
		return PictureFieldD360
	}
	return PictureFieldFile
}

// description applies the API's trimming of descriptions, when it does.
func (d Dialect) description(s string) string {
	if d.DescriptionTrimmed != nil && *d.DescriptionTrimmed {
		return strings.TrimSpace(s)
	}
	return s
}

// adjustGroup rewrites a GET answer in the dialect's reading.
func (d Dialect) adjustGroup(body map[string]any) {
	if mode, ok := body["join_approval_mode"].(string); ok && d.JoinApprovalModeBool {
		body["join_approval_mode"] = mode == modeApproval
	}
}

// joinRequestPage applies the dialect's paging of join requests.
func (d Dialect) joinRequestPage(r *http.Request, p *pageRequest) *apiError {
	if d.JoinRequestsRefuseLimit && r.URL.Query().Has("limit") {
		return errParam("Unsupported parameter limit on join_requests")
	}
	if d.JoinRequestsPageSize > 0 {
		p.limit = d.JoinRequestsPageSize
	}
	return nil
}
