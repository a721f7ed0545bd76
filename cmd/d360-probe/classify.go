package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Answers are the probe's findings, written by -out with exactly these keys
// (issue 13). A nil value is JSON null: the run could not tell. The same
// file is a profile for `d360-emulator -profile` and D360_EMULATOR_PROFILE.
type Answers struct {
	CreateResponse     *string `json:"create_response"`
	NotFound           *string `json:"not_found"`
	ErrorEnvelope      *string `json:"error_envelope"`
	ErrorData          *string `json:"error_data"`
	CreatedAt          *string `json:"created_at"`
	PictureField       *string `json:"picture_field"`
	DescriptionTrimmed *bool   `json:"description_trimmed"`
	OmitsDefaults      *bool   `json:"omits_defaults"`
}

func str(s string) *string { return &s }

// createdAtType names the JSON type of a created_at value.
func createdAtType(raw json.RawMessage) *string {
	raw = json.RawMessage(strings.TrimSpace(string(raw)))
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if raw[0] != '"' {
		if _, err := strconv.ParseFloat(string(raw), 64); err == nil {
			return str("int")
		}
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return nil
	}
	if _, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
		return str("numeric_string")
	}
	if _, err := time.Parse(time.RFC3339, s); err == nil {
		return str("rfc3339")
	}
	return nil
}

// graphError is the part of a Graph error the probe looks at.
type graphError struct {
	Code      json.Number     `json:"code"`
	Subcode   json.Number     `json:"error_subcode"`
	ErrorData json.RawMessage `json:"error_data"`
}

// errorShape classifies an error answer: its envelope, the form of its
// error_data, and the Graph error inside it (nil when there is none).
func errorShape(r answer) (envelope, data *string, ge *graphError) {
	m := r.object()
	if m == nil {
		return nil, nil, nil
	}
	if e, ok := m["error"]; ok {
		e = json.RawMessage(strings.TrimSpace(string(e)))
		switch {
		case len(e) > 0 && e[0] == '{':
			envelope = str("graph")
			ge = decodeGraph(e)
		case len(e) > 0 && e[0] == '"':
			envelope = str("string")
			var s string
			_ = json.Unmarshal(e, &s)
			ge = embeddedGraph(s)
		}
	} else if meta, ok := m["meta"]; ok {
		envelope = str("meta")
		var mb struct {
			Error            string `json:"error"`
			DeveloperMessage string `json:"developer_message"`
		}
		_ = json.Unmarshal(meta, &mb)
		ge = embeddedGraph(mb.Error)
		if ge == nil {
			ge = embeddedGraph(mb.DeveloperMessage)
		}
	}
	if ge != nil {
		d := json.RawMessage(strings.TrimSpace(string(ge.ErrorData)))
		switch {
		case len(d) > 0 && d[0] == '{':
			data = str("object")
		case len(d) > 0 && d[0] == '"':
			data = str("string")
		}
	}
	return envelope, data, ge
}

func decodeGraph(raw json.RawMessage) *graphError {
	var ge graphError
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if dec.Decode(&ge) != nil {
		return nil
	}
	return &ge
}

// embeddedGraph finds a Graph error serialised inside a string.
func embeddedGraph(s string) *graphError {
	start := strings.Index(s, `{"error"`)
	end := strings.LastIndex(s, "}")
	if start < 0 || end < start {
		return nil
	}
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal([]byte(s[start:end+1]), &env) != nil || len(env.Error) == 0 || env.Error[0] != '{' {
		return nil
	}
	return decodeGraph(env.Error)
}

// notFoundReading names how an answer about a missing group reads: 131041,
// Graph's 100/33, or the HTTP status alone when the body says neither. A
// "string" envelope keeps the code in its text: "(#131041) ...".
func notFoundReading(r answer) *string {
	if r.ok() {
		return nil
	}
	_, _, ge := errorShape(r)
	if ge != nil {
		switch {
		case ge.Code.String() == "131041":
			return str("131041")
		case ge.Code.String() == "100" && ge.Subcode.String() == "33":
			return str("100/33")
		}
	}
	if env, _, _ := errorShape(r); env != nil && *env == "string" && strings.Contains(string(r.raw), "(#131041)") {
		return str("131041")
	}
	return str(fmt.Sprintf("http_%d", r.status))
}

// groupOmitsDefaults reads a GET answer that asked for join_approval_mode
// and suspended: does it leave either out?
func groupOmitsDefaults(r answer) *bool {
	m := r.object()
	if !r.ok() || m == nil {
		return nil
	}
	_, hasMode := m["join_approval_mode"]
	_, hasSuspended := m["suspended"]
	omits := !hasMode || !hasSuspended
	return &omits
}
