package emulator

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// metaEscape applies Meta's escaping of base64 seen in group ids and cursors
// (CONTRACT §5): 'Z'->"ZA", '='->"ZD". '+'->"ZB" and '/'->"ZC" complete the
// scheme so ids never contain characters that need escaping in a URL.
func metaEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch c {
		case 'Z':
			b.WriteString("ZA")
		case '+':
			b.WriteString("ZB")
		case '/':
			b.WriteString("ZC")
		case '=':
			b.WriteString("ZD")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func metaUnescape(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != 'Z' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 >= len(s) {
			return "", false
		}
		i++
		switch s[i] {
		case 'A':
			b.WriteByte('Z')
		case 'B':
			b.WriteByte('+')
		case 'C':
			b.WriteByte('/')
		case 'D':
			b.WriteByte('=')
		default:
			return "", false
		}
	}
	return b.String(), true
}

func encodeOpaque(raw string) string {
	return metaEscape(base64.StdEncoding.EncodeToString([]byte(raw)))
}

func decodeOpaque(s string) (string, bool) {
	unescaped, ok := metaUnescape(s)
	if !ok {
		return "", false
	}
	raw, err := base64.StdEncoding.DecodeString(unescaped)
	if err != nil {
		return "", false
	}
	return string(raw), true
}

type cursorBody struct {
	Offset    *int   `json:"offset"`
	VersionID string `json:"versionId"`
}

func (e *Emulator) encodeCursor(offset int) string {
	raw, _ := json.Marshal(cursorBody{Offset: &offset, VersionID: e.instanceID()})
	return encodeOpaque(string(raw))
}

func (e *Emulator) decodeCursor(c string) (int, *apiError) {
	invalid := errCode(131059, "Invalid cursor. Start pagination from the beginning again")
	raw, ok := decodeOpaque(c)
	if !ok {
		return 0, invalid
	}
	var body cursorBody
	if err := json.Unmarshal([]byte(raw), &body); err != nil || body.Offset == nil || *body.Offset < 0 ||
		body.VersionID != e.instanceID() {
		return 0, invalid
	}
	return *body.Offset, nil
}

// paging is Graph's cursor block; next/previous only when that page exists.
type paging struct {
	Cursors  pagingCursors `json:"cursors"`
	Next     string        `json:"next,omitempty"`
	Previous string        `json:"previous,omitempty"`
}

type pagingCursors struct {
	Before string `json:"before"`
	After  string `json:"after"`
}

// pageRequest is the parsed limit/after/before query of a paged GET.
type pageRequest struct {
	limit         int
	after, before string
	hasAfter      bool
	hasBefore     bool
}

func parsePageRequest(q url.Values, def, maxLimit int) (pageRequest, *apiError) {
	p := pageRequest{limit: def, after: q.Get("after"), before: q.Get("before"), hasAfter: q.Has("after"), hasBefore: q.Has("before")}
	if q.Has("limit") {
		n, err := strconv.Atoi(q.Get("limit"))
		if err != nil || n < 1 || n > maxLimit {
			return p, errParam("limit must be an integer between 1 and %d", maxLimit)
		}
		p.limit = n
	}
	if p.hasAfter && p.hasBefore {
		return p, errParam("Only one of after and before may be given")
	}
	return p, nil
}

// page resolves the request against total items: the [start,end) window and
// the paging block (nil for an empty page, as Graph omits it there).
func (e *Emulator) page(r *http.Request, p pageRequest, total int) (start, end int, pg *paging, aerr *apiError) {
	switch {
	case p.hasAfter:
		off, err := e.decodeCursor(p.after)
		if err != nil {
			return 0, 0, nil, err
		}
		start = min(off, total)
		end = min(start+p.limit, total)
	case p.hasBefore:
		off, err := e.decodeCursor(p.before)
		if err != nil {
			return 0, 0, nil, err
		}
		end = min(off, total)
		start = max(0, end-p.limit)
	default:
		end = min(p.limit, total)
	}
	// Graph carries a paging object on every page, an empty one included.
	pg = &paging{Cursors: pagingCursors{Before: e.encodeCursor(start), After: e.encodeCursor(end)}}
	if start == end {
		return start, end, pg, nil
	}
	if end < total {
		pg.Next = pageURL(r, p.limit, "after", pg.Cursors.After)
	}
	if start > 0 {
		pg.Previous = pageURL(r, p.limit, "before", pg.Cursors.Before)
	}
	return start, end, pg, nil
}

func pageURL(r *http.Request, limit int, key, cursor string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	q := url.Values{}
	q.Set("limit", strconv.Itoa(limit))
	q.Set(key, cursor)
	return scheme + "://" + r.Host + r.URL.Path + "?" + q.Encode()
}
