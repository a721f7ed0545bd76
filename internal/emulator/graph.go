package emulator

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// Meta's Cloud API, called directly (CONTRACT §1.1): the same operations as
// 360dialog's gateway on the same in-memory store, under
// /<version>/<phone-number-id>/groups, /<version>/<group-id>[/edge] and
// /<version>/<business-account-id>/message_templates, authenticated with
// "Authorization: Bearer <token>" and answered in Graph's own forms.

// Defaults of the Meta side (any digits would do: Graph ids are opaque).
const (
	DefaultPhoneNumberID     = "106540352242922"
	DefaultBusinessAccountID = "102290129340398"
)

// DefaultGraphVersions are the Graph API versions served by default.
var DefaultGraphVersions = []string{"v21.0", "v22.0", "v23.0", "v24.0"}

var graphVersionRe = regexp.MustCompile(`^v([0-9]+)\.[0-9]+$`)

func (o *Options) graphDefaults() {
	if o.PhoneNumberID == "" {
		o.PhoneNumberID = DefaultPhoneNumberID
	}
	if o.BusinessAccountID == "" {
		o.BusinessAccountID = DefaultBusinessAccountID
	}
	if len(o.GraphVersions) == 0 {
		o.GraphVersions = DefaultGraphVersions
	}
}

// isGraphPath reports whether a path starts with a Graph version segment
// ("/v23.0/..."). 360dialog's own paths never do ("/v1/configs/...").
func isGraphPath(path string) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return graphVersionRe.MatchString(first)
}

// graphAuthError checks the Bearer token the way Graph does: no token is
// code 104, a wrong one code 190, both HTTP 401. The 360dialog key header
// is no credential here. An emulator without AccessToken accepts no token.
func (e *Emulator) graphAuthError(r *http.Request) *apiError {
	h := r.Header.Get("Authorization")
	if h == "" {
		return errCode(104, "An access token is required to request this resource.")
	}
	scheme, token, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") || token == "" || e.opts.AccessToken == "" ||
		subtle.ConstantTimeCompare([]byte(token), []byte(e.opts.AccessToken)) != 1 {
		return errCode(190, "Invalid OAuth access token - Cannot parse access token")
	}
	return nil
}

// matchGraphRoute maps a Graph path to the same routes (and counter names)
// as the 360dialog paths, so both backends are one API.
func (e *Emulator) matchGraphRoute(method, path string) route {
	seg := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if slices.Contains(seg, "") {
		return route{name: routeUnknown}
	}
	if !slices.Contains(e.opts.GraphVersions, seg[0]) {
		return route{name: routeUnknown, err: e.graphVersionError(seg[0])}
	}
	switch len(seg) {
	case 2:
		if rt, ok := groupSubroutes[""][method]; ok {
			rt.arg = seg[1]
			return rt
		}
	case 3:
		node, edge := seg[1], seg[2]
		switch edge {
		case "groups":
			if node != e.opts.PhoneNumberID {
				return route{name: routeUnknown, err: errUnknownNode(method, node)}
			}
			switch method {
			case http.MethodPost:
				return route{name: "groups.create", h: (*Emulator).handleCreate}
			case http.MethodGet:
				return route{name: "groups.list", h: (*Emulator).handleList}
			}
		case "messages":
			if node != e.opts.PhoneNumberID {
				return route{name: routeUnknown, err: errUnknownNode(method, node)}
			}
			if method == http.MethodPost {
				return route{name: "messages.send", h: (*Emulator).handleMessageSend}
			}
		case "message_templates":
			if node != e.opts.BusinessAccountID {
				return route{name: routeUnknown, err: errUnknownNode(method, node)}
			}
			switch method {
			case http.MethodPost:
				return route{name: "templates.create", h: (*Emulator).handleGraphTemplateCreate}
			case http.MethodGet:
				return route{name: "templates.list", h: (*Emulator).handleGraphTemplateList}
			case http.MethodDelete:
				return route{name: "templates.delete", h: (*Emulator).handleGraphTemplateDelete}
			}
		default:
			if rt, ok := groupSubroutes[edge][method]; ok {
				rt.arg = node
				return rt
			}
		}
	}
	return route{name: routeUnknown}
}

// graphVersionError answers a version the emulator does not serve: a
// version older than every served one is Graph's "deprecated version"
// (code 2635), anything else an unsupported request (code 100).
func (e *Emulator) graphVersionError(v string) *apiError {
	oldest := -1
	for _, served := range e.opts.GraphVersions {
		if m := graphVersionRe.FindStringSubmatch(served); m != nil {
			if n, _ := strconv.Atoi(m[1]); oldest < 0 || n < oldest {
				oldest = n
			}
		}
	}
	if m := graphVersionRe.FindStringSubmatch(v); m != nil {
		if n, _ := strconv.Atoi(m[1]); n < oldest {
			return errCode(2635, fmt.Sprintf("You are calling a deprecated version of the Graph API (%s). Please update to the latest version: %s.",
				v, e.opts.GraphVersions[len(e.opts.GraphVersions)-1]))
		}
	}
	return errParam("Unknown path components: Graph API version %s is not supported", v)
}

// errUnknownNode is Graph's answer for an id that is not the phone number
// or business account the token may use (code 100, subcode 33).
func errUnknownNode(method, id string) *apiError {
	a := errParam("Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
		strings.ToLower(method), id)
	a.subcode = 33
	return a
}

// writeGraphError answers in Graph's envelope whatever Options.ErrorStyle
// says: the style describes 360dialog's gateway, which Meta's paths bypass.
func (e *Emulator) writeGraphError(w http.ResponseWriter, a *apiError) {
	writeJSON(w, a.status, a.graph(e.opts.Dialect))
}

// handleGraphTemplateCreate is POST /<waba>/message_templates: the same
// template as 360dialog's create, answered with HTTP 200 (CONTRACT §9.1).
func (e *Emulator) handleGraphTemplateCreate(w http.ResponseWriter, r *http.Request, _ string) *apiError {
	body, aerr := e.createTemplate(r)
	if aerr != nil {
		return aerr
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// graphTemplate is one entry of Graph's template list.
type graphTemplate struct {
	Name                string          `json:"name"`
	Components          json.RawMessage `json:"components"`
	Language            string          `json:"language"`
	Status              string          `json:"status"`
	Category            string          `json:"category"`
	ID                  string          `json:"id"`
	RejectedReason      string          `json:"rejected_reason,omitempty"`
	LibraryTemplateName string          `json:"library_template_name,omitempty"`
}

// handleGraphTemplateList is GET /<waba>/message_templates: one query
// parameter per filter (name matches a part of the name), templates under
// "data" in name order, cursors under "paging".
func (e *Emulator) handleGraphTemplateList(w http.ResponseWriter, r *http.Request, _ string) *apiError {
	q := r.URL.Query()
	p, aerr := parsePageRequest(q, 25, 1000)
	if aerr != nil {
		return aerr
	}
	name, language, status, category := q.Get("name"), q.Get("language"), q.Get("status"), q.Get("category")
	now := e.lockAdvance()
	var all []template
	for _, t := range e.st.templates {
		t.refresh(now)
		if strings.Contains(t.Name, name) && (language == "" || t.Language == language) &&
			(status == "" || strings.EqualFold(t.Status, status)) && (category == "" || strings.EqualFold(t.Category, category)) {
			all = append(all, *t)
		}
	}
	e.mu.Unlock()
	sortTemplates(all, []string{"name"})
	start, end, pg, aerr := e.page(r, p, len(all))
	if aerr != nil {
		return aerr
	}
	items := make([]graphTemplate, 0, end-start)
	for _, t := range all[start:end] {
		l := listed(t)
		item := graphTemplate{Name: l.Name, Components: l.Components, Language: l.Language, Status: strings.ToUpper(l.Status),
			Category: l.Category, ID: l.ID, LibraryTemplateName: l.LibraryTemplateName}
		if t.Status == "rejected" {
			item.RejectedReason = l.RejectedReason
		}
		items = append(items, item)
	}
	body := map[string]any{"data": items}
	if pg != nil {
		body["paging"] = pg
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// handleGraphTemplateDelete is DELETE /<waba>/message_templates?name=...:
// every language of the name goes (CONTRACT §9.3).
func (e *Emulator) handleGraphTemplateDelete(w http.ResponseWriter, r *http.Request, _ string) *apiError {
	name := r.URL.Query().Get("name")
	if name == "" {
		return errParam("The parameter name is required")
	}
	if aerr := e.deleteTemplatesNamed(name); aerr != nil {
		// Graph answers an unknown name as an invalid parameter; the bare
		// 404 is 360dialog's gateway (templates_errors.go).
		return errParam("Message template %q does not exist", name)
	}
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
	return nil
}

// RouteName is the counter name of the public API call r (such as
// "groups.list"), whichever backend's path it uses; tests that intercept
// calls on their way to the emulator match on it.
func (e *Emulator) RouteName(r *http.Request) string {
	if isGraphPath(r.URL.Path) {
		return e.matchGraphRoute(r.Method, r.URL.Path).name
	}
	return matchRoute(r.Method, r.URL.Path).name
}

// authHeaderCounts counts the public API calls that carried each backend's
// credential header, so tests can prove a backend never sends the other's.
type authHeaderCounts struct {
	apiKey, bearer atomic.Int64
}

func (c *authHeaderCounts) record(r *http.Request) {
	if _, ok := r.Header[http.CanonicalHeaderKey("D360-API-KEY")]; ok {
		c.apiKey.Add(1)
	}
	if scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " "); strings.EqualFold(scheme, "Bearer") {
		c.bearer.Add(1)
	}
}

// AuthHeaders returns how many public API calls carried a D360-API-KEY
// header and how many an "Authorization: Bearer" header (valid or not).
func (e *Emulator) AuthHeaders() (apiKey, bearer int) {
	return int(e.authHeaders.apiKey.Load()), int(e.authHeaders.bearer.Load())
}
