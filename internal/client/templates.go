package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Template categories (CONTRACT.md §9.1).
const (
	CategoryUtility        = "UTILITY"
	CategoryMarketing      = "MARKETING"
	CategoryAuthentication = "AUTHENTICATION"
)

// CreateTemplateInput is the body of POST /v1/configs/templates.
type CreateTemplateInput struct {
	Name                        string
	Language                    string
	Category                    string
	AllowCategoryChange         *bool
	LibraryTemplateName         string
	LibraryTemplateButtonInputs json.RawMessage
	Components                  json.RawMessage
}

// CreateTemplateResult is what the create call answers (Meta's {id,status,category}).
type CreateTemplateResult struct {
	ID       string
	Status   string // lowercase
	Category string
}

// CreateTemplate submits a template for review. Not repeated after an unclear
// failure: a second submission of the same name and language is refused by
// the API, so the caller looks it up instead.
func (c *Client) CreateTemplate(ctx context.Context, in CreateTemplateInput) (CreateTemplateResult, error) {
	payload := map[string]any{"name": in.Name, "language": in.Language, "category": in.Category}
	if in.AllowCategoryChange != nil {
		payload["allow_category_change"] = *in.AllowCategoryChange
	}
	if in.LibraryTemplateName != "" {
		payload["library_template_name"] = in.LibraryTemplateName
	}
	if len(in.LibraryTemplateButtonInputs) > 0 {
		payload["library_template_button_inputs"] = in.LibraryTemplateButtonInputs
	}
	if len(in.Components) > 0 {
		payload["components"] = in.Components
	}
	cl, err := jsonCall("create template", http.MethodPost, c.backend.TemplatesPath(), payload, false)
	if err != nil {
		return CreateTemplateResult{}, err
	}
	var out struct {
		ID       FlexString `json:"id"`
		Status   string     `json:"status"`
		Category string     `json:"category"`
	}
	if err := c.do(ctx, cl, &out); err != nil {
		return CreateTemplateResult{}, err
	}
	return CreateTemplateResult{ID: string(out.ID), Status: strings.ToLower(out.Status), Category: out.Category}, nil
}

// Template is one entry of the template list.
type Template struct {
	ID                  string          `json:"id"`
	ExternalID          string          `json:"external_id"`
	Name                string          `json:"name"`
	Language            string          `json:"language"`
	Category            string          `json:"category"`
	Status              string          `json:"status"`
	RejectedReason      string          `json:"rejected_reason"`
	Components          json.RawMessage `json:"components"`
	LibraryTemplateName string          `json:"library_template_name"`
}

// TemplateFilter narrows a template listing. Empty fields do not filter.
type TemplateFilter struct {
	Name     string
	Language string
	Status   string
	Category string
}

func (f TemplateFilter) encode() string {
	m := map[string]string{}
	if f.Name != "" {
		m["business_templates.name"] = f.Name
	}
	if f.Language != "" {
		m["language"] = f.Language
	}
	if f.Status != "" {
		m["status"] = f.Status
	}
	if f.Category != "" {
		m["category"] = f.Category
	}
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func (f TemplateFilter) matches(t Template) bool {
	return (f.Name == "" || t.Name == f.Name) &&
		(f.Language == "" || strings.EqualFold(t.Language, f.Language)) &&
		(f.Status == "" || strings.EqualFold(t.Status, f.Status)) &&
		(f.Category == "" || strings.EqualFold(t.Category, f.Category))
}

// templatePageSize is the page size 360dialog clients use for templates.
const templatePageSize = 1000

// ListTemplates returns the templates that match filter. The filter is sent
// to the API and applied again here, so a server that ignores a filter key
// cannot make the result wrong (only slower).
func (c *Client) ListTemplates(ctx context.Context, filter TemplateFilter) ([]Template, error) {
	if c.backend.TemplateListing() == ListingGraph {
		return c.listTemplatesGraph(ctx, filter)
	}
	var matched []Template
	seen := map[string]struct{}{}
	for offset := 0; ; {
		q := url.Values{"limit": {strconv.Itoa(templatePageSize)}, "offset": {strconv.Itoa(offset)}}
		if enc := filter.encode(); enc != "" {
			q.Set("filters", enc)
		}
		cl := call{op: "list templates", method: http.MethodGet, path: c.backend.TemplatesPath(), query: q, idempotent: true}
		var out struct {
			Count     FlexInt64  `json:"count"`
			Total     FlexInt64  `json:"total"`
			Templates []Template `json:"waba_templates"`
		}
		if err := c.do(ctx, cl, &out); err != nil {
			return nil, err
		}
		for _, t := range out.Templates {
			t.Status = strings.ToLower(t.Status)
			// Offsets over a list that changes while it is read may repeat
			// an entry: list each template id once.
			if _, dup := seen[t.ID]; (dup && t.ID != "") || !filter.matches(t) {
				continue
			}
			seen[t.ID] = struct{}{}
			matched = append(matched, t)
		}
		offset += len(out.Templates)
		if len(out.Templates) == 0 || int64(offset) >= int64(out.Total) {
			return matched, nil
		}
	}
}

// DeleteTemplate deletes every language of the template called name. An
// answer of HTTP 200 that says "success": false (in 360dialog's meta
// envelope or at the top level, as Meta's own delete answers) is an error:
// the template was not deleted.
func (c *Client) DeleteTemplate(ctx context.Context, name string) error {
	cl := call{op: "delete template", method: http.MethodDelete, path: c.backend.TemplatePath(name),
		query: c.backend.TemplateDeleteQuery(name), idempotent: true}
	var out struct {
		Meta *struct {
			Success          *FlexBool `json:"success"`
			DeveloperMessage string    `json:"developer_message"`
		} `json:"meta"`
		Success *FlexBool `json:"success"`
	}
	if err := c.do(ctx, cl, &out); err != nil {
		return err
	}
	if out.Meta != nil && out.Meta.Success != nil && !bool(*out.Meta.Success) {
		return fmt.Errorf("delete template: %w", &APIError{HTTPStatus: http.StatusOK, Message: c.redact(firstNonEmpty(out.Meta.DeveloperMessage, "the API answered success: false"))})
	}
	if out.Success != nil && !bool(*out.Success) {
		return fmt.Errorf("delete template: %w", &APIError{HTTPStatus: http.StatusOK, Message: "the API answered success: false"})
	}
	return nil
}
