package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// FlexInt64 decodes an integer sent either as a JSON number or as a string of
// digits: the public docs disagree on the type of created_at and of webhook
// timestamps (CONTRACT.md §3.2, §6), so the client accepts both.
type FlexInt64 int64

// UnmarshalJSON implements json.Unmarshaler. A number and a string of digits
// read the same; a float (also in a string) keeps its integer part; null and
// "" are 0.
func (f *FlexInt64) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if len(s) >= 2 && s[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
	} else if s == "null" {
		s = ""
	}
	if s == "" {
		*f = 0
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*f = FlexInt64(n)
		return nil
	}
	fl, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("not an integer: %s", b)
	}
	*f = FlexInt64(int64(fl))
	return nil
}

// FlexBool decodes a boolean sent as true/false or as the strings "true"/"false"
// (DELETE invite_link answers "success":"true", CONTRACT.md §3.6).
type FlexBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (f *FlexBool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch strings.Trim(strings.ToLower(string(b)), `"`) {
	case "true", "1":
		*f = true
	case "false", "0", "", "null":
		*f = false
	default:
		return fmt.Errorf("not a boolean: %s", b)
	}
	return nil
}

// FlexString decodes a string that some variants send as a number (ids such as
// request_id are digit strings in the docs, but a number must not break us).
type FlexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*f = ""
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = FlexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("not a string or number: %s", b)
	}
	*f = FlexString(n.String())
	return nil
}
