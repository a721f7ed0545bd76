package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// template is a stored message template (CONTRACT §9).
type template struct {
	Template
	modified time.Time
	reviewAt time.Time // pending custom templates turn approved then; zero = never
}

var (
	templateNameRe = regexp.MustCompile(`^[a-z0-9_]+$`)
	languageRe     = regexp.MustCompile(`^[a-z]{2,3}(_[A-Za-z0-9]{2,4})?$`)
	categories     = []string{"AUTHENTICATION", "MARKETING", "UTILITY"}
	// templateStatuses is the union of the 360dialog and Meta status sets, lowercase.
	templateStatuses = []string{"created", "submitted", "pending", "approved", "rejected", "paused", "disabled",
		"in_appeal", "pending_deletion", "deleted", "limit_exceeded", "archived", "flagged", "locked", "reinstated"}
)

const (
	maxTemplateName     = 512
	maxTemplateBodyText = 1024
	namespace           = "d360emul_8c2f_4b1e_9a7d_360d1a10g000"
)

// refresh applies the automatic review of a custom template.
func (t *template) refresh(now time.Time) {
	if t.Status == "pending" && !t.reviewAt.IsZero() && !now.Before(t.reviewAt) {
		t.Status = "approved"
		t.modified = t.reviewAt
		t.reviewAt = time.Time{}
	}
}

type templateRequest struct {
	Name                        *string         `json:"name"`
	Category                    *string         `json:"category"`
	Language                    *string         `json:"language"`
	AllowCategoryChange         *bool           `json:"allow_category_change"`
	LibraryTemplateName         *string         `json:"library_template_name"`
	LibraryTemplateButtonInputs json.RawMessage `json:"library_template_button_inputs"`
	Components                  json.RawMessage `json:"components"`
}

func templateNameError() *apiError {
	a := errParam("The message template name can only have lowercase letters, numbers and underscores.")
	a.subcode, a.userTitle = 2388046, "Name Format is Incorrect"
	a.userMsg = a.details
	return a
}

// parseTemplate validates a create request into a Template.
func parseTemplate(raw []byte) (Template, *apiError) {
	var req templateRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return Template{}, errParam("The request body is not a valid template object")
	}
	var t Template
	if req.Name == nil || *req.Name == "" {
		return t, errParam("The parameter name is required")
	}
	if len(*req.Name) > maxTemplateName || !templateNameRe.MatchString(*req.Name) {
		return t, templateNameError()
	}
	if req.Category == nil || !slices.Contains(categories, *req.Category) {
		return t, errParam("Param category must be one of {%s}", strings.Join(categories, ", "))
	}
	if req.Language == nil || !languageRe.MatchString(*req.Language) {
		return t, errParam("Param language must be a language code such as en_US")
	}
	t.Name, t.Category, t.Language = *req.Name, *req.Category, *req.Language
	if req.AllowCategoryChange != nil {
		t.AllowCategoryChange = *req.AllowCategoryChange
	}
	if req.LibraryTemplateName != nil && *req.LibraryTemplateName != "" {
		t.LibraryTemplateName = *req.LibraryTemplateName
		if t.Category != "UTILITY" {
			return t, errParam("Templates from the template library must use category UTILITY")
		}
	}
	inputs, aerr := parseButtonInputs(req.LibraryTemplateButtonInputs)
	if aerr != nil {
		return t, aerr
	}
	t.LibraryTemplateButtonInputs = inputs
	components, aerr := parseComponents(req.Components)
	if aerr != nil {
		return t, aerr
	}
	t.Components = components
	if t.LibraryTemplateName == "" && t.Components == nil {
		return t, errParam("Either library_template_name or components is required")
	}
	return t, nil
}

// parseButtonInputs accepts an array or, as in Meta's example, an array
// encoded as a JSON string.
func parseButtonInputs(raw json.RawMessage) (json.RawMessage, *apiError) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		raw = json.RawMessage(s)
	}
	var arr []map[string]any
	if json.Unmarshal(raw, &arr) != nil {
		return nil, errParam("Param library_template_button_inputs must be an array of objects")
	}
	out, _ := json.Marshal(arr)
	return out, nil
}

func parseComponents(raw json.RawMessage) (json.RawMessage, *apiError) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var arr []map[string]any
	if json.Unmarshal(raw, &arr) != nil || len(arr) == 0 {
		return nil, errParam("Param components must be a non-empty array of objects")
	}
	for i, c := range arr {
		typ, _ := c["type"].(string)
		if typ == "" {
			return nil, errParam("Param components[%d].type is required", i)
		}
		if text, _ := c["text"].(string); strings.EqualFold(typ, "BODY") && len([]rune(text)) > maxTemplateBodyText {
			return nil, errParam("The message template body is limited to %d characters", maxTemplateBodyText)
		}
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, errParam("Param components must be valid JSON")
	}
	return buf.Bytes(), nil
}

// addTemplate stores t. Library templates are approved at once; custom ones
// stay pending for TemplateReviewDelay (forever when 0). Caller holds e.mu.
func (e *Emulator) addTemplate(t Template, now time.Time) *template {
	if t.ID == "" {
		t.ID = strconv.FormatUint(e.st.reqBase+e.st.next()*11, 10)
	}
	st := &template{Template: t, modified: now}
	if st.Status == "" {
		st.Status = "pending"
		if t.LibraryTemplateName != "" {
			st.Status = "approved"
		} else if e.opts.TemplateReviewDelay > 0 {
			st.reviewAt = now.Add(e.opts.TemplateReviewDelay)
		}
	}
	st.Status = strings.ToLower(st.Status)
	st.RejectedReason = rejectedReason(st.Status, st.RejectedReason)
	e.st.templates = append(e.st.templates, st)
	return st
}

func (e *Emulator) findTemplate(name, language string) *template {
	for _, t := range e.st.templates {
		if t.Name == name && t.Language == language {
			return t
		}
	}
	return nil
}

func (e *Emulator) handleTemplateCreate(w http.ResponseWriter, r *http.Request, _ string) *apiError {
	body, aerr := e.createTemplate(r)
	if aerr != nil {
		return aerr
	}
	writeJSON(w, http.StatusCreated, body)
	return nil
}

// createTemplate stores the template a create request describes and returns
// the answer body, Meta's {id, status, category}, shared by both backends.
func (e *Emulator) createTemplate(r *http.Request) (map[string]string, *apiError) {
	b, aerr := readBody(r)
	if aerr != nil {
		return nil, aerr
	}
	raw, _ := json.Marshal(b.fields)
	t, aerr := parseTemplate(raw)
	if aerr != nil {
		return nil, aerr
	}
	now := e.lockAdvance()
	if e.findTemplate(t.Name, t.Language) != nil {
		e.mu.Unlock()
		a := errParam("Content in this language already exists for template %s", t.Name)
		a.subcode, a.userTitle, a.userMsg = 2388024, "Message template already exists", a.details
		return nil, a
	}
	st := e.addTemplate(t, now)
	body := map[string]string{"id": st.ID, "status": strings.ToUpper(st.Status), "category": st.Category}
	e.mu.Unlock()
	return body, nil
}

var templateFilterKeys = map[string]bool{
	"id": true, "name": true, "business_templates.name": true, "language": true, "status": true, "category": true,
}

var templateSortKeys = map[string]bool{
	"id": true, "name": true, "business_templates.name": true, "language": true, "status": true, "category": true,
	"modified_at": true,
}

type listedTemplate struct {
	Category            string          `json:"category"`
	Components          json.RawMessage `json:"components"`
	ID                  string          `json:"id"`
	Language            string          `json:"language"`
	ModifiedAt          string          `json:"modified_at"`
	Name                string          `json:"name"`
	Namespace           string          `json:"namespace"`
	Status              string          `json:"status"`
	RejectedReason      string          `json:"rejected_reason"`
	QualityScore        map[string]any  `json:"quality_score"`
	LibraryTemplateName string          `json:"library_template_name,omitempty"`
}

// handleTemplateList lists templates with 360dialog's filters/sort/limit/offset.
func (e *Emulator) handleTemplateList(w http.ResponseWriter, r *http.Request, _ string) *apiError {
	q := r.URL.Query()
	limit, offset := 50, 0
	if q.Has("limit") {
		n, err := strconv.Atoi(q.Get("limit"))
		if err != nil || n < 1 || n > 1000 {
			return errParam("limit must be an integer between 1 and 1000")
		}
		limit = n
	}
	if q.Has("offset") {
		n, err := strconv.Atoi(q.Get("offset"))
		if err != nil || n < 0 {
			return errParam("offset must be a non-negative integer")
		}
		offset = n
	}
	filters := map[string]string{}
	if f := q.Get("filters"); f != "" {
		if err := json.Unmarshal([]byte(f), &filters); err != nil {
			return errParam("filters must be a JSON object of strings")
		}
		for k := range filters {
			if !templateFilterKeys[k] {
				return errParam("Unknown filter key %s", k)
			}
		}
	}
	sortKeys := []string{"business_templates.name"}
	if s := q.Get("sort"); s != "" {
		sortKeys = strings.Split(s, ",")
		for _, k := range sortKeys {
			if !templateSortKeys[strings.TrimPrefix(k, "-")] {
				return errParam("Unknown sort key %s", k)
			}
		}
	}

	now := e.lockAdvance()
	var all []template
	for _, t := range e.st.templates {
		t.refresh(now)
		if matchesFilters(t.Template, filters) {
			all = append(all, *t)
		}
	}
	e.mu.Unlock()
	sortTemplates(all, sortKeys)

	start, end := min(offset, len(all)), min(offset+limit, len(all))
	items := make([]listedTemplate, 0, end-start)
	for _, t := range all[start:end] {
		items = append(items, listed(t))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"count": len(items), "filters": filters, "limit": limit, "offset": offset, "sort": sortKeys,
		"total": len(all), "waba_templates": items,
	})
	return nil
}

func matchesFilters(t Template, filters map[string]string) bool {
	for k, v := range filters {
		var have string
		switch k {
		case "id":
			have = t.ID
		case "name", "business_templates.name":
			have = t.Name
		case "language":
			have = t.Language
		case "status":
			if !strings.EqualFold(t.Status, v) {
				return false
			}
			continue
		case "category":
			have = t.Category
		}
		if have != v {
			return false
		}
	}
	return true
}

func sortKey(t template, key string) string {
	switch key {
	case "id":
		return t.ID
	case "language":
		return t.Language
	case "status":
		return t.Status
	case "category":
		return t.Category
	case "modified_at":
		return t.modified.UTC().Format(time.RFC3339)
	}
	return t.Name
}

func sortTemplates(ts []template, keys []string) {
	slices.SortStableFunc(ts, func(a, b template) int {
		for _, k := range keys {
			desc := strings.HasPrefix(k, "-")
			c := strings.Compare(sortKey(a, strings.TrimPrefix(k, "-")), sortKey(b, strings.TrimPrefix(k, "-")))
			if desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return strings.Compare(a.Language, b.Language)
	})
}

func listed(t template) listedTemplate {
	components := t.Components
	if components == nil {
		components = json.RawMessage("[]")
	}
	return listedTemplate{
		Category: t.Category, Components: components, ID: t.ID, Language: t.Language, ModifiedAt: t.modified.UTC().Format(time.RFC3339),
		Name: t.Name, Namespace: namespace, Status: t.Status, RejectedReason: t.RejectedReason,
		QualityScore: map[string]any{"score": "UNKNOWN"}, LibraryTemplateName: t.LibraryTemplateName,
	}
}

// rejectedReason is "NONE" unless the template is rejected.
func rejectedReason(status, reason string) string {
	if status != "rejected" {
		return "NONE"
	}
	if reason == "" || reason == "NONE" {
		return "INVALID_FORMAT"
	}
	return reason
}

// handleTemplateDelete deletes every language of a name (CONTRACT §9.3).
func (e *Emulator) handleTemplateDelete(w http.ResponseWriter, _ *http.Request, name string) *apiError {
	if aerr := e.deleteTemplatesNamed(name); aerr != nil {
		return aerr
	}
	writeJSON(w, http.StatusOK, map[string]any{"meta": map[string]any{
		"developer_message": "template name=" + name + " was deleted", "http_code": 200, "success": true,
	}})
	return nil
}

// deleteTemplatesNamed deletes every language of name, or answers that no
// template has that name.
func (e *Emulator) deleteTemplatesNamed(name string) *apiError {
	e.lockAdvance()
	n := len(e.st.templates)
	e.st.templates = slices.DeleteFunc(e.st.templates, func(t *template) bool { return t.Name == name })
	deleted := n != len(e.st.templates)
	e.mu.Unlock()
	if !deleted {
		return &apiError{status: http.StatusNotFound, details: "template name=" + name + " not found"}
	}
	return nil
}
