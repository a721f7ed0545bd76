package client

import (
	"net/http"
	"net/url"
)

// Backend holds everything that differs between API flavours: where each
// operation lives and how a request is authenticated. The rest of the client
// (retries, decoding, error handling) is shared, so adding Meta's Cloud API
// (graph.facebook.com/<version>/<phone-number-id>/..., Bearer token) means one
// more Backend, not a second client.
type Backend interface {
	// Name identifies the backend in logs and the User-Agent.
	Name() string
	// Authorize adds the credentials to an outgoing request.
	Authorize(h http.Header)
	// Secrets lists values that must never appear in logs or errors.
	Secrets() []string

	GroupsPath() string
	GroupPath(groupID string) string
	InviteLinkPath(groupID string) string
	JoinRequestsPath(groupID string) string
	ParticipantsPath(groupID string) string
	TemplatesPath() string
	// TemplatePath and TemplateDeleteQuery locate the delete-by-name call:
	// 360dialog names the template in the path, Graph in the query.
	TemplatePath(name string) string
	TemplateDeleteQuery(name string) url.Values
	// TemplateListing says how the template list is filtered and paged.
	TemplateListing() TemplateListing
}

// TemplateListing is the shape of a backend's template list.
type TemplateListing int

const (
	// ListingOffset is 360dialog's: `filters` JSON, limit/offset, the
	// templates under `waba_templates` with a `total`.
	ListingOffset TemplateListing = iota
	// ListingGraph is Graph's: one query parameter per filter, the templates
	// under `data`, cursors under `paging`.
	ListingGraph
)

// APIKeyHeader is the header 360dialog reads the per-number API key from.
const APIKeyHeader = "D360-API-KEY"

// d360Backend is the 360dialog Messaging API (waba-v2): the phone number is
// implied by the API key, so no phone-number id appears in any path.
type d360Backend struct {
	apiKey string
}

// NewD360Backend returns the 360dialog backend authenticated with apiKey.
func NewD360Backend(apiKey string) Backend { return d360Backend{apiKey: apiKey} }

func (d360Backend) Name() string              { return "360dialog" }
func (b d360Backend) Authorize(h http.Header) { h.Set(APIKeyHeader, b.apiKey) }
func (b d360Backend) Secrets() []string       { return []string{b.apiKey} }

func (d360Backend) GroupsPath() string { return "/groups" }
func (d360Backend) GroupPath(id string) string {
	return "/groups/" + url.PathEscape(id)
}
func (b d360Backend) InviteLinkPath(id string) string   { return b.GroupPath(id) + "/invite_link" }
func (b d360Backend) JoinRequestsPath(id string) string { return b.GroupPath(id) + "/join_requests" }
func (b d360Backend) ParticipantsPath(id string) string { return b.GroupPath(id) + "/participants" }
func (d360Backend) TemplatesPath() string               { return "/v1/configs/templates" }
func (d360Backend) TemplatePath(name string) string {
	return "/v1/configs/templates/" + url.PathEscape(name)
}
func (d360Backend) TemplateDeleteQuery(string) url.Values { return nil }
func (d360Backend) TemplateListing() TemplateListing      { return ListingOffset }
