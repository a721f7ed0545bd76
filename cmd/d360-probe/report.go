package main

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

// question is one row of the report: a key of the -out file, the question
// in words and what the documents allow.
type question struct {
	key, text, allows string
}

var questions = []question{
	{"create_response", "What does creating a group answer?", "request_id (Meta) or id (360dialog; group id or request id?)"},
	{"not_found", "How is an unknown group answered?", "131041, or Graph code 100 subcode 33 (HTTP 400 or 404)"},
	{"error_envelope", "Which error envelope?", "Graph error{}, 360dialog meta{}, or {\"error\": text}"},
	{"error_data", "error_data as?", "an object or a JSON-encoded string"},
	{"created_at", "created_at in the group list as?", "integer, digit string or RFC 3339"},
	{"picture_field", "Picture part name?", "file (Meta) or profile_picture_file (360dialog)"},
	{"description_trimmed", "Are descriptions trimmed?", "undocumented (subjects are)"},
	{"omits_defaults", "Does GET leave out default values?", "undocumented (auto_approve, not suspended)"},
}

// printTable writes the question, what the contract allows and what this
// API did, one line per key of the -out file.
func printTable(w io.Writer, a Answers, notes map[string]string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "QUESTION\tCONTRACT ALLOWS\tTHIS API DID")
	values := map[string]string{
		"create_response": strPtr(a.CreateResponse), "not_found": strPtr(a.NotFound), "error_envelope": strPtr(a.ErrorEnvelope),
		"error_data": strPtr(a.ErrorData), "created_at": strPtr(a.CreatedAt), "picture_field": strPtr(a.PictureField),
		"description_trimmed": boolPtr(a.DescriptionTrimmed), "omits_defaults": boolPtr(a.OmitsDefaults),
	}
	for _, q := range questions {
		did := values[q.key]
		if did == "" {
			did = "could not tell"
			if n := notes[q.key]; n != "" {
				did += " (" + n + ")"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", q.text, q.allows, did)
	}
	_ = tw.Flush()
}

func strPtr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func boolPtr(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}
