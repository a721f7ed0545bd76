package emulator

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestErrorStyles(t *testing.T) {
	tests := []struct {
		style ErrorStyle
		check func(t *testing.T, r resp)
	}{
		{ErrorStyleGraph, func(t *testing.T, r resp) {
			expectError(t, r, 400, 131041)
			if msg := r.body["error"].(map[string]any)["message"]; msg != "(#131041) Group unknown" {
				t.Fatalf("message %q", msg)
			}
		}},
		{"", func(t *testing.T, r resp) { expectError(t, r, 400, 131041) }}, // default is graph
		{ErrorStyleMeta, func(t *testing.T, r resp) {
			meta := r.body["meta"].(map[string]any)
			if r.status != 400 || meta["success"] != false || num(meta["http_code"]) != 400 || meta["360dialog_trace_id"] == "" {
				t.Fatalf("meta %s", r.raw)
			}
			for _, key := range []string{"developer_message", "error"} {
				var inner resp
				inner.status = 400
				if err := json.Unmarshal([]byte(meta[key].(string)), &inner.body); err != nil {
					t.Fatalf("%s is not the Graph error JSON: %v", key, err)
				}
				expectError(t, inner, 400, 131041)
			}
		}},
		{ErrorStyleString, func(t *testing.T, r resp) {
			s, ok := r.body["error"].(string)
			if r.status != 400 || !ok || !strings.HasPrefix(s, "(#131041) Group unknown") || len(r.body) != 1 {
				t.Fatalf("string %s", r.raw)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.style), func(t *testing.T) {
			h := newHarness(t, Options{ErrorStyle: tt.style})
			tt.check(t, h.do("GET", "/groups/nope", nil))
		})
	}
}

func TestTemplateNameErrorCarriesUserTitle(t *testing.T) {
	h := newHarness(t, Options{ErrorStyle: ErrorStyleMeta})
	r := h.do("POST", "/v1/configs/templates", tpl("name", "Bad Name"))
	dev := r.body["meta"].(map[string]any)["developer_message"].(string)
	for _, want := range []string{`"code":100`, `"error_subcode":2388046`, `"error_user_title":"Name Format is Incorrect"`} {
		if !strings.Contains(dev, want) {
			t.Fatalf("developer_message %s lacks %s", dev, want)
		}
	}
}

func TestCodeTitlesFollowContract(t *testing.T) {
	want := map[int]string{
		131041: "Group unknown", 131059: "Invalid cursor", 131201: "Request partially succeeded",
		131202: "Duplicate participant", 131204: "Participant overlimit", 131207: "Group suspended",
		131208: "Group Rate Limit Hit", 131209: "Invalid Group Profile Picture Aspect Ratio",
		131210: "Image is Too Small to Process", 131211: "Group create limit reached",
		131212: "Participant is not a part of the group", 131213: "Group join request does not exist",
		131203: "Unable to add participant to group",
	}
	status := map[int]int{131201: 206, 131207: 403, 131208: 429}
	for code, title := range want {
		a := errCode(code, "d")
		wantStatus := status[code]
		if wantStatus == 0 {
			wantStatus = 400
		}
		if a.title != title || a.status != wantStatus || a.message() != "(#"+strconv.Itoa(code)+") "+title {
			t.Fatalf("code %d: %+v", code, a)
		}
	}
}
