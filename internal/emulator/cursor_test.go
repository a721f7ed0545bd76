package emulator

import (
	"encoding/base64"
	"net/url"
	"testing"
)

func TestOpaqueEscapingMatchesContractExamples(t *testing.T) {
	tests := []struct{ escaped, raw string }{
		{"Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD", "capi_group:17055550139:120363404694233820"},
		{"MTY0NjcwNDM1OTU6MTIwMzYzNDA0Njk0MjMzODIw", "16467043595:120363404694233820"},
		{"eyJvZAmZAzZAXQiOjAsInZAlcnNpb25JZACI6IjE3NTU1NTM3MDUxNzUwNTQ1MTAifQZDZD", `{"offset":0,"versionId":"1755553705175054510"}`},
	}
	for _, tt := range tests {
		got, ok := decodeOpaque(tt.escaped)
		if !ok || got != tt.raw {
			t.Fatalf("decode(%s) = %q, %v; want %q", tt.escaped, got, ok, tt.raw)
		}
		if enc := encodeOpaque(tt.raw); enc != tt.escaped {
			t.Fatalf("encode(%q) = %s, want %s", tt.raw, enc, tt.escaped)
		}
	}
	// '+' and '/' never reach a path or a query string.
	raw := string([]byte{0xfb, 0xff, 0xbf})
	if std := base64.StdEncoding.EncodeToString([]byte(raw)); std != "+/+/" {
		t.Fatalf("fixture: %s", std)
	}
	if enc := encodeOpaque(raw); enc != "ZBZCZBZC" {
		t.Fatalf("encode = %s", enc)
	}
	for _, bad := range []string{"Z", "ZE", "abc%"} {
		if _, ok := decodeOpaque(bad); ok {
			t.Fatalf("decodeOpaque(%q) accepted", bad)
		}
	}
}

// pageAll walks the group list with limit, following "next" URLs.
func pageAll(t *testing.T, h *harness, limit string) (ids []string, pages int) {
	t.Helper()
	path := "/groups?limit=" + limit
	for path != "" {
		r := h.do("GET", path, nil)
		expectStatus(t, r, 200)
		pages++
		for _, g := range r.body["data"].(map[string]any)["groups"].([]any) {
			ids = append(ids, g.(map[string]any)["id"].(string))
		}
		paging := r.body["paging"].(map[string]any)
		if _, hasPrev := paging["previous"]; hasPrev != (pages > 1) {
			t.Fatalf("page %d: previous present = %v", pages, hasPrev)
		}
		next, _ := paging["next"].(string)
		if next == "" {
			break
		}
		u, err := url.Parse(next)
		if err != nil {
			t.Fatal(err)
		}
		path = u.Path + "?" + u.RawQuery
	}
	return ids, pages
}

func TestPagingThroughThreeThousandGroups(t *testing.T) {
	h := newHarness(t, Options{})
	var want []string
	for range 3000 {
		want = append(want, h.em.SeedGroup("g", "", ""))
	}
	for _, tt := range []struct {
		limit string
		pages int
	}{{"1024", 3}, {"25", 120}, {"1000", 3}, {"7", 429}} {
		t.Run("limit="+tt.limit, func(t *testing.T) {
			ids, pages := pageAll(t, h, tt.limit)
			if pages != tt.pages || len(ids) != len(want) {
				t.Fatalf("pages %d (want %d), ids %d", pages, tt.pages, len(ids))
			}
			for i := range want {
				if ids[i] != want[i] {
					t.Fatalf("item %d = %s, want %s (creation order)", i, ids[i], want[i])
				}
			}
		})
	}
	// Default page size is 25, and "before" walks back.
	first := h.do("GET", "/groups", nil)
	if n := len(first.body["data"].(map[string]any)["groups"].([]any)); n != 25 {
		t.Fatalf("default page has %d items", n)
	}
	after := first.body["paging"].(map[string]any)["cursors"].(map[string]any)["after"].(string)
	second := h.do("GET", "/groups?limit=25&after="+url.QueryEscape(after), nil)
	before := second.body["paging"].(map[string]any)["cursors"].(map[string]any)["before"].(string)
	back := h.do("GET", "/groups?limit=25&before="+url.QueryEscape(before), nil)
	if !mapsEqualJSON(back.body["data"], first.body["data"]) {
		t.Fatal("before cursor did not lead back to the first page")
	}
}

func TestInvalidCursor(t *testing.T) {
	h := newHarness(t, Options{})
	other := newHarness(t, Options{})
	for range 3 {
		h.em.SeedGroup("g", "", "")
		other.em.SeedGroup("g", "", "")
	}
	foreign := other.do("GET", "/groups?limit=1", nil).body["paging"].(map[string]any)["cursors"].(map[string]any)["after"].(string)
	own := h.do("GET", "/groups?limit=1", nil).body["paging"].(map[string]any)["cursors"].(map[string]any)["after"].(string)
	tests := []struct{ name, query string }{
		{"garbage", "after=garbage!"},
		{"bad escape", "after=ZQ"},
		{"base64 of non-JSON", "after=" + encodeOpaque("hello")},
		{"negative offset", "after=" + encodeOpaque(`{"offset":-1,"versionId":"`+h.em.instanceID()+`"}`)},
		{"no offset", "after=" + encodeOpaque(`{"versionId":"`+h.em.instanceID()+`"}`)},
		{"other emulator", "after=" + url.QueryEscape(foreign)},
		{"before garbage", "before=garbage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectError(t, h.do("GET", "/groups?"+tt.query, nil), 400, 131059)
		})
	}
	expectStatus(t, h.do("GET", "/groups?after="+url.QueryEscape(own), nil), 200)
	h.em.Reset()
	expectError(t, h.do("GET", "/groups?after="+url.QueryEscape(own), nil), 400, 131059)
}
