package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

func TestJSONArrayValidator(t *testing.T) {
	longBody := fmt.Sprintf(`[{"type":"BODY","text":%q}]`, strings.Repeat("é", maxTemplateBodyText+1))
	maxBody := fmt.Sprintf(`[{"type":"body","text":%q}]`, strings.Repeat("é", maxTemplateBodyText))
	cases := []struct {
		raw        string
		components bool
		want       string // substring of the problem; "" = accepted
	}{
		{`[]`, false, ""},
		{`[{"type":"URL","url":{"base_url":"https://example.com"}}]`, false, ""},
		{`{"type":"URL"}`, false, "must be a JSON array"},
		{`"[]"`, false, "not a string"},
		{`[1]`, false, "element 0 must be a JSON object, not a number"},
		{`[{}, null]`, false, "element 1 must be a JSON object, not null"},
		{`not json`, false, ""}, // left to the type's own check
		{`[]`, true, "at least one component"},
		{`[{"type":"BODY","text":"hi"},{"text":"x"}]`, true, `element 1 needs a "type"`},
		{`[{"type":"  "}]`, true, `element 0 needs a "type"`},
		{longBody, true, "1025 characters"},
		{maxBody, true, ""},
		{longBody, false, ""}, // button inputs have no text limit
	}
	for _, tc := range cases {
		got := jsonArrayValidator{components: tc.components}.check(tc.raw)
		switch {
		case tc.want == "" && got != "":
			t.Errorf("check(%.40s, components=%v) = %q, want accepted", tc.raw, tc.components, got)
		case tc.want != "" && !strings.Contains(got, tc.want):
			t.Errorf("check(%.40s, components=%v) = %q, want it to contain %q", tc.raw, tc.components, got, tc.want)
		}
	}
}

func TestJSONSemanticPlanModifier(t *testing.T) {
	ctx := context.Background()
	state := `[{"type": "BODY", "text": "hi"}]`
	cases := []struct {
		name      string
		plan      types.String
		wantState bool
	}{
		{"reformatted", types.StringValue("[{\"text\":\"hi\",\n \"type\":\"BODY\"}]"), true},
		{"changed", types.StringValue(`[{"type":"BODY","text":"hello"}]`), false},
		{"array order matters", types.StringValue(`[{"text":"hi"},{"type":"BODY"}]`), false},
		{"invalid", types.StringValue(`[`), false},
		{"null", types.StringNull(), false},
		{"unknown", types.StringUnknown(), false},
	}
	for _, tc := range cases {
		req := planmodifier.StringRequest{Path: path.Root("components"), StateValue: types.StringValue(state), PlanValue: tc.plan}
		resp := &planmodifier.StringResponse{PlanValue: tc.plan}
		jsonSemanticPlanModifier{}.PlanModifyString(ctx, req, resp)
		if kept := resp.PlanValue.Equal(types.StringValue(state)); kept != tc.wantState {
			t.Errorf("%s: plan became %s, kept state = %v, want %v", tc.name, resp.PlanValue, kept, tc.wantState)
		}
	}
}

func TestParseTemplateImportID(t *testing.T) {
	got, err := parseTemplateImportID("group_invite_2/pt_BR")
	if err != nil || got != (templateImportKey{name: "group_invite_2", language: "pt_BR"}) {
		t.Fatalf("got %+v, %v", got, err)
	}
	got, err = parseTemplateImportID("group_invite_2/pt_BR/group_invite_link")
	if err != nil || got != (templateImportKey{name: "group_invite_2", language: "pt_BR", library: "group_invite_link"}) {
		t.Fatalf("got %+v, %v", got, err)
	}
	for _, id := range []string{"", "group_invite", "/en_US", "group_invite/", "Group/en_US", "group_invite/en-US",
		"group_invite/en_US/", "group_invite/en_US/Group Invite", "group_invite/en_US/a/b"} {
		if _, err := parseTemplateImportID(id); err == nil {
			t.Errorf("parseTemplateImportID(%q) accepted an invalid id", id)
		}
	}
}

func TestTemplateLanguageRe(t *testing.T) {
	for _, ok := range []string{"en", "en_US", "fil", "pt_BR", "zh_HK"} {
		if !templateLanguageRe.MatchString(ok) {
			t.Errorf("%q rejected", ok)
		}
	}
	for _, bad := range []string{"", "EN", "en_us", "en-US", "english", "en_USA"} {
		if templateLanguageRe.MatchString(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestLibraryCategoryProblem(t *testing.T) {
	custom := jsontypes.NewNormalizedValue(`[{"type":"BODY","text":"hi"}]`)
	cases := []struct {
		category   types.String
		components jsontypes.Normalized
		bad        bool
	}{
		{types.StringValue("MARKETING"), jsontypes.NewNormalizedNull(), true},
		{types.StringValue("UTILITY"), jsontypes.NewNormalizedNull(), false},
		{types.StringNull(), jsontypes.NewNormalizedNull(), false}, // default UTILITY
		{types.StringUnknown(), jsontypes.NewNormalizedNull(), false},
		{types.StringValue("MARKETING"), custom, false},
		{types.StringValue("MARKETING"), jsontypes.NewNormalizedUnknown(), false},
	}
	for _, tc := range cases {
		if got := libraryCategoryProblem(tc.category, types.StringNull(), tc.components) != ""; got != tc.bad {
			t.Errorf("category %s, components %s: problem = %v, want %v", tc.category, tc.components, got, tc.bad)
		}
	}
}

func TestReviewOutcome(t *testing.T) {
	cases := []struct {
		status   string
		done     bool
		rejected bool
		failed   bool
	}{
		{"approved", true, false, false},
		{"pending", false, false, false},
		{"submitted", false, false, false},
		{"in_appeal", false, false, false},
		{"rejected", false, true, true},
		{"paused", false, false, true},
		{"disabled", false, false, true},
	}
	for _, tc := range cases {
		done, err := reviewOutcome(client.Template{Status: tc.status, RejectedReason: "INVALID_FORMAT"})
		if done != tc.done || (err != nil) != tc.failed {
			t.Errorf("%s: done=%v err=%v", tc.status, done, err)
		}
		if tc.rejected && (err == nil || !strings.Contains(err.Error(), "rejected_reason: INVALID_FORMAT")) {
			t.Errorf("%s: error %v does not carry the reason", tc.status, err)
		}
	}
}

func TestIsTemplateExists(t *testing.T) {
	if !isTemplateExists(&client.APIError{Code: 100, Subcode: templateExistsSubcode}) {
		t.Error("subcode 2388024 not recognised")
	}
	if !isTemplateExists(fmt.Errorf("wrapped: %w", &client.APIError{Code: 100, Message: "Content in this language already exists"})) {
		t.Error("wrapped message not recognised")
	}
	if isTemplateExists(&client.APIError{Code: 100, Message: "Invalid parameter"}) || isTemplateExists(errors.New("already exists")) {
		t.Error("unrelated error taken for a duplicate")
	}
}

// library_template_name with components (the seed page's example) is a
// library template: UTILITY only.
func TestLibraryCategoryProblemWithComponents(t *testing.T) {
	custom := jsontypes.NewNormalizedValue(`[{"type":"BODY","text":"hi"}]`)
	lib := types.StringValue("group_invite_link")
	if libraryCategoryProblem(types.StringValue("MARKETING"), lib, custom) == "" {
		t.Error("MARKETING accepted for a library template with components")
	}
	if libraryCategoryProblem(types.StringValue("UTILITY"), lib, custom) != "" {
		t.Error("UTILITY refused for a library template with components")
	}
}
