package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Meta's Cloud API (Graph) defaults (CONTRACT.md §1.1).
const (
	DefaultGraphBaseURL = "https://graph.facebook.com"
	DefaultGraphVersion = "v23.0"
)

// graphVersionRe is the form of a Graph API version path segment.
var graphVersionRe = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)

// ValidGraphVersion reports whether v looks like a Graph API version
// ("v23.0"); whether Meta still serves it is for the API to say.
func ValidGraphVersion(v string) bool { return graphVersionRe.MatchString(v) }

// MetaConfig is what the Cloud API backend needs: the token, the phone
// number that owns the groups, the WhatsApp Business Account that owns the
// templates, and the Graph version every path starts with.
type MetaConfig struct {
	AccessToken       string
	PhoneNumberID     string
	BusinessAccountID string
	// Version defaults to DefaultGraphVersion.
	Version string
}

// metaBackend is Meta's Cloud API called directly: every path starts with
// the Graph version, groups hang off the phone number id and templates off
// the business account id, and the token travels as a Bearer credential.
type metaBackend struct {
	cfg MetaConfig
}

// NewMetaBackend checks cfg and returns the Cloud API backend.
func NewMetaBackend(cfg MetaConfig) (Backend, error) {
	if cfg.Version == "" {
		cfg.Version = DefaultGraphVersion
	}
	switch {
	case strings.TrimSpace(cfg.AccessToken) == "":
		return nil, errors.New("an access token is required")
	case strings.TrimSpace(cfg.PhoneNumberID) == "":
		return nil, errors.New("a phone number id is required")
	case !ValidGraphVersion(cfg.Version):
		return nil, fmt.Errorf("the Graph API version must look like %s", DefaultGraphVersion)
	}
	return metaBackend{cfg: cfg}, nil
}

func (metaBackend) Name() string { return "meta" }

func (b metaBackend) Authorize(h http.Header) { h.Set("Authorization", "Bearer "+b.cfg.AccessToken) }

func (b metaBackend) Secrets() []string { return []string{b.cfg.AccessToken} }

func (b metaBackend) node(id string) string { return "/" + b.cfg.Version + "/" + url.PathEscape(id) }

func (b metaBackend) GroupsPath() string                { return b.node(b.cfg.PhoneNumberID) + "/groups" }
func (b metaBackend) GroupPath(id string) string        { return b.node(id) }
func (b metaBackend) InviteLinkPath(id string) string   { return b.node(id) + "/invite_link" }
func (b metaBackend) JoinRequestsPath(id string) string { return b.node(id) + "/join_requests" }
func (b metaBackend) ParticipantsPath(id string) string { return b.node(id) + "/participants" }

// TemplatesPath is the business account's template edge. Without a business
// account id it is a path Graph refuses, so a template call fails with the
// API's own error rather than reaching another node; the provider requires
// the id before any call is made.
func (b metaBackend) TemplatesPath() string {
	return b.node(b.cfg.BusinessAccountID) + "/message_templates"
}

// TemplatePath is the edge itself: Graph deletes by name through a query
// parameter (every language of the name, CONTRACT.md §9.3).
func (b metaBackend) TemplatePath(string) string { return b.TemplatesPath() }

func (metaBackend) TemplateDeleteQuery(name string) url.Values { return url.Values{"name": {name}} }

func (metaBackend) TemplateListing() TemplateListing { return ListingGraph }
