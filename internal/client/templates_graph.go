package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// graphTemplatePageSize is the page size asked of Graph's template edge.
// Graph may answer fewer; the cursors carry on from wherever a page ends.
const graphTemplatePageSize = 250

// encodeGraph turns the filter into Graph's query parameters (one per
// field). Graph's status and category values are uppercase.
func (f TemplateFilter) encodeGraph(q url.Values) {
	if f.Name != "" {
		q.Set("name", f.Name)
	}
	if f.Language != "" {
		q.Set("language", f.Language)
	}
	if f.Status != "" {
		q.Set("status", strings.ToUpper(f.Status))
	}
	if f.Category != "" {
		q.Set("category", strings.ToUpper(f.Category))
	}
}

// listTemplatesGraph reads GET /<waba>/message_templates page by page:
// `data` holds the templates and `paging` the cursors, as on every Graph
// edge. Graph's name filter may match more than the exact name, so the
// filter is applied again here, as for 360dialog.
func (c *Client) listTemplatesGraph(ctx context.Context, filter TemplateFilter) ([]Template, error) {
	var matched []Template
	var p pager
	for {
		q := url.Values{"limit": {strconv.Itoa(graphTemplatePageSize)}}
		filter.encodeGraph(q)
		if p.after != "" {
			q.Set("after", p.after)
		}
		cl := call{op: "list templates", method: http.MethodGet, path: c.backend.TemplatesPath(), query: q, idempotent: true}
		var out struct {
			Data   []Template  `json:"data"`
			Paging graphPaging `json:"paging"`
		}
		if err := c.do(ctx, cl, &out); err != nil {
			return nil, err
		}
		for _, t := range out.Data {
			t.Status = strings.ToLower(t.Status)
			if filter.matches(t) {
				matched = append(matched, t)
			}
		}
		if !p.advance(out.Paging, len(out.Data), graphTemplatePageSize) {
			return matched, nil
		}
	}
}
