package client

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// This file holds the readers of values whose type the public documents do
// not pin down (DESIGN.md "Readings the documents allow"). Each accepts every
// documented spelling; none of them fails a whole answer because one value is
// unreadable.

// FlexTime is a Unix time in seconds read from an integer, a string of digits
// or an RFC 3339 string: the sources disagree on the type of a group's
// created_at (CONTRACT.md §3.2). A value that cannot be read is 0, meaning
// "unknown", so one odd entry never breaks a list call; the create match
// treats an unknown time as "may be the new group".
type FlexTime int64

// UnmarshalJSON implements json.Unmarshaler. It never returns an error.
func (t *FlexTime) UnmarshalJSON(b []byte) error {
	*t = FlexTime(parseFlexTime(b))
	return nil
}

func parseFlexTime(b []byte) int64 {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return 0
	}
	s := string(b)
	if b[0] == '"' {
		if json.Unmarshal(b, &s) != nil {
			return 0
		}
		s = strings.TrimSpace(s)
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return max(n, 0)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 1e15 {
		return int64(f)
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05"} {
		if tm, err := time.Parse(layout, s); err == nil {
			return max(tm.Unix(), 0)
		}
	}
	return 0
}

// errorData is the error_data member of a Graph error: an object holding
// details (the documented form) or the same object JSON-encoded into a
// string, or plain text (CONTRACT.md §7.1; issue 13 item 3).
type errorData struct {
	Details string
}

// UnmarshalJSON implements json.Unmarshaler. It never returns an error: the
// code and message of an error must survive an unexpected error_data.
func (d *errorData) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	var obj struct {
		Details json.RawMessage `json:"details"`
	}
	switch {
	case len(b) > 0 && b[0] == '{':
		if json.Unmarshal(b, &obj) == nil {
			d.Details = rawText(obj.Details)
		}
	case len(b) > 0 && b[0] == '"':
		var s string
		_ = json.Unmarshal(b, &s) // an unreadable string leaves no details
		s = strings.TrimSpace(s)
		if strings.HasPrefix(s, "{") && json.Unmarshal([]byte(s), &obj) == nil {
			d.Details = rawText(obj.Details)
			return nil
		}
		d.Details = s
	}
	return nil
}

// rawText reads a JSON string, or shows any other JSON value as it is.
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// joinApprovalMode reads join_approval_mode as the documented enum string or
// as a boolean, true meaning that approval is required. Anything else is
// kept as text so that a new mode shows up in errors rather than vanishing.
type joinApprovalMode string

// UnmarshalJSON implements json.Unmarshaler.
func (m *joinApprovalMode) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch string(b) {
	case "true":
		*m = JoinApprovalRequired
		return nil
	case "false":
		*m = JoinApprovalAuto
		return nil
	case "null", "":
		*m = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		*m = joinApprovalMode(string(b))
		return nil //nolint:nilerr // an unreadable mode is reported by value, not as a broken answer
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		*m = JoinApprovalRequired
	case "false":
		*m = JoinApprovalAuto
	default:
		*m = joinApprovalMode(s)
	}
	return nil
}
