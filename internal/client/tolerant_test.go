package client

import (
	"encoding/json"
	"net/http"
	"testing"
)

func TestFlexTimeReadsEveryDocumentedSpelling(t *testing.T) {
	cases := map[string]int64{
		`1755548877`:                  1755548877,
		`"1755548877"`:                1755548877,
		`" 1755548877 "`:              1755548877,
		`"2025-08-18T20:27:57Z"`:      1755548877,
		`"2025-08-18T22:27:57+02:00"`: 1755548877,
		`1755548877.0`:                1755548877,
		// Unreadable values are unknown (0), never an error.
		`"yesterday"`: 0,
		`{}`:          0,
		`null`:        0,
		`true`:        0,
		`-5`:          0,
	}
	for in, want := range cases {
		var v struct {
			T FlexTime `json:"t"`
		}
		if err := json.Unmarshal([]byte(`{"t":`+in+`}`), &v); err != nil {
			t.Errorf("%s: error %v, want none", in, err)
			continue
		}
		if int64(v.T) != want {
			t.Errorf("%s: got %d, want %d", in, v.T, want)
		}
	}
}

// A list whose created_at cannot be read still lists its groups; the odd
// time counts as unknown.
func TestListGroupsSurvivesUnreadableCreatedAt(t *testing.T) {
	f := newFakeAPI(t, reply(http.StatusOK, `{"data":{"groups":[
		{"id":"a","subject":"A","created_at":"2025-08-18T20:27:57Z"},
		{"id":"b","subject":"B","created_at":"not a time"},
		{"id":"c","subject":"C","created_at":"1755548877"}]}}`))
	groups, err := newTestClient(t, f).ListGroups(bg(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 3 || groups[0].CreatedAt != 1755548877 || groups[1].CreatedAt != 0 || groups[2].CreatedAt != 1755548877 {
		t.Fatalf("got %+v", groups)
	}
}

func TestErrorDataAsObjectOrString(t *testing.T) {
	for name, data := range map[string]string{
		"object":           `{"messaging_product":"whatsapp","details":"Group X doesn't exist"}`,
		"encoded string":   `"{\"messaging_product\":\"whatsapp\",\"details\":\"Group X doesn't exist\"}"`,
		"plain string":     `"Group X doesn't exist"`,
		"details non-text": `{"details":"Group X doesn't exist","blame_field_specs":[["name"]]}`,
	} {
		t.Run(name, func(t *testing.T) {
			body := `{"error":{"message":"(#131041) Group unknown","type":"OAuthException","code":131041,"error_data":` + data + `,"fbtrace_id":"T"}}`
			ae := decodeAPIError(http.StatusBadRequest, []byte(body))
			if ae.Code != 131041 || ae.Title != "Group unknown" || ae.Details != "Group X doesn't exist" {
				t.Fatalf("got %+v", ae)
			}
			if !IsNotFound(ae) {
				t.Fatal("IsNotFound = false")
			}
		})
	}
}

// In the meta envelope, the embedded Graph error may carry error_data as a
// string too; code, title and details survive.
func TestMetaEnvelopeWithStringErrorData(t *testing.T) {
	inner := `{"error":{"message":"(#131209) Invalid Group Profile Picture Aspect Ratio","code":131209,"error_data":"{\"details\":\"Width and height must be equal\"}"}}`
	raw, _ := json.Marshal(inner)
	body := `{"meta":{"success":false,"http_code":400,"developer_message":` + string(raw) + `,"error":` + string(raw) + `,"360dialog_trace_id":"TR"}}`
	ae := decodeAPIError(http.StatusBadRequest, []byte(body))
	if ae.Code != 131209 || ae.Title != "Invalid Group Profile Picture Aspect Ratio" || ae.Details != "Width and height must be equal" || ae.TraceID != "TR" {
		t.Fatalf("got %+v", ae)
	}
}

func TestNotFoundAsGraphCode100Subcode33(t *testing.T) {
	body := `{"error":{"message":"Unsupported get request. Object with ID 'X' does not exist, cannot be loaded due to missing permissions, or does not support this operation","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"T"}}`
	for _, status := range []int{http.StatusBadRequest, http.StatusNotFound} {
		if !IsNotFound(decodeAPIError(status, []byte(body))) {
			t.Errorf("HTTP %d: 100/33 not recognised as not found", status)
		}
	}
	// Code 100 without subcode 33 is a validation error, not "gone".
	other := `{"error":{"message":"(#100) Invalid parameter","code":100,"error_subcode":2388046}}`
	if IsNotFound(decodeAPIError(http.StatusBadRequest, []byte(other))) {
		t.Error("code 100 with another subcode taken as not found")
	}
	// Subcode 33 with a status that says something else (throttled, server
	// failure) is not taken as an answer about the group.
	if IsNotFound(decodeAPIError(http.StatusInternalServerError, []byte(body))) {
		t.Error("100/33 with HTTP 500 taken as not found")
	}
}

func TestGroupDefaultsDecidedInOnePlace(t *testing.T) {
	cases := []struct {
		name, body    string
		fields        []string
		wantMode      string
		wantSuspended bool
	}{
		{"omitted mode and suspended", `{"id":"g","subject":"S"}`, []string{FieldSubject, FieldJoinApprovalMode, FieldSuspended}, JoinApprovalAuto, false},
		{"mode not asked for", `{"id":"g"}`, []string{FieldSubject}, "", false},
		{"boolean true", `{"id":"g","join_approval_mode":true}`, []string{FieldJoinApprovalMode}, JoinApprovalRequired, false},
		{"boolean false", `{"id":"g","join_approval_mode":false}`, []string{FieldJoinApprovalMode}, JoinApprovalAuto, false},
		{"boolean as string", `{"id":"g","join_approval_mode":"true","suspended":"true"}`, []string{FieldJoinApprovalMode, FieldSuspended}, JoinApprovalRequired, true},
		{"enum", `{"id":"g","join_approval_mode":"approval_required","suspended":false}`, []string{FieldJoinApprovalMode, FieldSuspended}, JoinApprovalRequired, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t, reply(http.StatusOK, tc.body))
			g, err := newTestClient(t, f).GetGroup(bg(t), "g", tc.fields...)
			if err != nil {
				t.Fatal(err)
			}
			if g.JoinApprovalMode != tc.wantMode || bool(g.Suspended) != tc.wantSuspended {
				t.Fatalf("got mode %q suspended %v, want %q %v", g.JoinApprovalMode, g.Suspended, tc.wantMode, tc.wantSuspended)
			}
		})
	}
}

func TestDeleteTemplateSuccessFalseIsAnError(t *testing.T) {
	for name, body := range map[string]string{
		"meta envelope": `{"meta":{"developer_message":"template name=x could not be deleted","http_code":200,"success":false}}`,
		"top level":     `{"success":false}`,
		"string false":  `{"meta":{"success":"false"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakeAPI(t, reply(http.StatusOK, body))
			err := newTestClient(t, f).DeleteTemplate(bg(t), "x")
			if err == nil {
				t.Fatal("success: false accepted as a deletion")
			}
			mustContain(t, err.Error(), "delete template")
		})
	}
	for _, body := range []string{`{"meta":{"developer_message":"template name=x was deleted","http_code":200,"success":true}}`, `{"success":true}`, ``} {
		f := newFakeAPI(t, reply(http.StatusOK, body))
		if err := newTestClient(t, f).DeleteTemplate(bg(t), "x"); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
}
