package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// maxTemplateBodyText is the API's limit on a template's body text
// (CONTRACT.md §9.1: "The message template content field is limited to 1024
// characters").
const maxTemplateBodyText = 1024

// jsonArrayValidator checks at plan time that a JSON attribute holds an array
// of objects, so a mistake costs no API call. Invalid JSON itself is reported
// by the jsontypes.Normalized type; this validator stays silent on it to
// avoid a second error for the same mistake.
type jsonArrayValidator struct {
	// components adds the rules of a custom template's components: at
	// least one element, each with a "type", body text within the limit.
	components bool
}

func (v jsonArrayValidator) Description(context.Context) string {
	if v.components {
		return "must be a non-empty JSON array of component objects, each with a \"type\"; a BODY text has at most 1024 characters"
	}
	return "must be a JSON array of objects"
}

func (v jsonArrayValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v jsonArrayValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := v.check(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s %s.", req.Path, problem))
	}
}

// check returns what is wrong with raw, or "" when it is acceptable.
func (v jsonArrayValidator) check(raw string) string {
	if !json.Valid([]byte(raw)) {
		return "" // reported by the attribute's type
	}
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		return "must be a JSON array (for example `[{...}]`), not " + jsonKind(raw)
	}
	if v.components && len(items) == 0 {
		return "must contain at least one component; leave components unset to use a library template instead"
	}
	for i, item := range items {
		var obj map[string]any
		if err := json.Unmarshal(item, &obj); err != nil || obj == nil {
			return fmt.Sprintf("element %d must be a JSON object, not %s", i, jsonKind(string(item)))
		}
		if !v.components {
			continue
		}
		typ, _ := obj["type"].(string)
		if strings.TrimSpace(typ) == "" {
			return fmt.Sprintf("element %d needs a \"type\" (HEADER, BODY, FOOTER or BUTTONS)", i)
		}
		if text, _ := obj["text"].(string); strings.EqualFold(typ, "BODY") && utf8.RuneCountInString(text) > maxTemplateBodyText {
			return fmt.Sprintf("element %d: the BODY text has %d characters; the API allows at most %d",
				i, utf8.RuneCountInString(text), maxTemplateBodyText)
		}
	}
	return ""
}

// jsonKind names the JSON type of a valid document, for error messages.
func jsonKind(raw string) string {
	switch s := strings.TrimSpace(raw); {
	case strings.HasPrefix(s, "{"):
		return "an object"
	case strings.HasPrefix(s, "["):
		return "an array"
	case strings.HasPrefix(s, "\""):
		return "a string"
	case s == "null":
		return "null"
	case s == "true" || s == "false":
		return "a boolean"
	default:
		return "a number"
	}
}

// jsonSemanticPlanModifier keeps the prior state's text when the configured
// JSON means the same thing (whitespace, key order), so reformatting never
// plans a change. jsontypes.Normalized alone only protects refreshes: the
// framework does not apply semantic equality while planning, and these
// attributes force replacement, so without this a reformat would recreate the
// template. It must run before the RequiresReplace modifier.
type jsonSemanticPlanModifier struct{}

func (jsonSemanticPlanModifier) Description(context.Context) string {
	return "Formatting-only changes to the JSON (whitespace, key order) are not changes."
}

func (m jsonSemanticPlanModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (jsonSemanticPlanModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	equal, diags := jsontypes.NewNormalizedValue(req.StateValue.ValueString()).
		StringSemanticEquals(ctx, jsontypes.NewNormalizedValue(req.PlanValue.ValueString()))
	if diags.HasError() {
		return // invalid JSON is reported by validation
	}
	if equal {
		resp.PlanValue = req.StateValue
	}
}
