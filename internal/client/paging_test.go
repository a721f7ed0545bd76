package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// offsetLister serves total items in pages of the requested limit, with
// cursors "off-N". withNext controls whether non-final pages carry `next`
// (the Graph convention) or no server ever sends it.
func offsetLister(total int, withNext bool, render func(from, to int, after, next string) string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		start := 0
		if a := r.URL.Query().Get("after"); a != "" {
			start, _ = strconv.Atoi(strings.TrimPrefix(a, "off-"))
		}
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		end := min(start+limit, total)
		next := ""
		if withNext && end < total {
			next = "https://example/next?after=off-" + strconv.Itoa(end)
		}
		write(w, 200, render(start, end, "off-"+strconv.Itoa(end), next))
	}
}

func renderGroups(from, to int, after, next string) string {
	var groups []string
	for i := from; i < to; i++ {
		groups = append(groups, fmt.Sprintf(`{"id":"G%05d","subject":"s","created_at":1}`, i))
	}
	return groupsPage(groups, after, next)
}

func renderJoinRequests(from, to int, after, next string) string {
	data := []map[string]any{}
	for i := from; i < to; i++ {
		data = append(data, map[string]any{"join_request_id": fmt.Sprintf("J%05d", i), "wa_id": "1555", "creation_timestamp": 1})
	}
	paging := map[string]any{"cursors": map[string]string{"before": "b", "after": after}}
	if next != "" {
		paging["next"] = next
	}
	b, _ := json.Marshal(map[string]any{"data": data, "paging": paging})
	return string(b)
}

// TestPagingRequestCounts pins the number of requests a full scan costs. A
// server that follows the Graph convention (`next` only when another page
// exists) is read in ceil(n/1024) requests once it has shown `next`; only a
// first page that is exactly full needs one more request to be sure. A server
// that never sends `next` costs one extra request whenever the last page is full.
func TestPagingRequestCounts(t *testing.T) {
	cases := []struct {
		total    int
		withNext bool
		want     int
	}{
		{0, true, 1}, {1, true, 1}, {1023, true, 1}, {1024, true, 2}, {1025, true, 2},
		{2048, true, 2}, {3072, true, 3}, {10000, true, 10},
		{1024, false, 2}, {2048, false, 3}, {3000, false, 3},
	}
	for _, tc := range cases {
		name := fmt.Sprintf("%d items, next=%t", tc.total, tc.withNext)
		t.Run("groups "+name, func(t *testing.T) {
			f := newFakeAPI(t, offsetLister(tc.total, tc.withNext, renderGroups))
			c := newTestClient(t, f)
			got := 0
			if err := c.EachGroup(bg(t), func(g []GroupSummary) error { got += len(g); return nil }); err != nil {
				t.Fatal(err)
			}
			if got != tc.total || len(f.requests()) != tc.want {
				t.Errorf("%d groups in %d requests, want %d in %d", got, len(f.requests()), tc.total, tc.want)
			}
		})
	}
}

// TestListJoinRequestsWhateverThePageSize: the join-request listing has no
// documented limit, so the API may refuse it (asked once, then never again)
// and pick its page size (here 2, or 1000); the client reads exactly the
// pages the `next` links announce.
func TestListJoinRequestsWhateverThePageSize(t *testing.T) {
	for _, tc := range []struct{ total, pageSize, want int }{{0, 2, 2}, {1, 2, 2}, {2, 2, 2}, {5, 2, 4}, {2500, 1000, 4}} {
		t.Run(fmt.Sprintf("%d in pages of %d", tc.total, tc.pageSize), func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				if r.URL.Query().Has("limit") {
					write(w, 400, graphError(CodeInvalidParameter, "(#100) Invalid parameter", "Unknown parameter limit"))
					return
				}
				start := 0
				if a := r.URL.Query().Get("after"); a != "" {
					start, _ = strconv.Atoi(strings.TrimPrefix(a, "off-"))
				}
				end := min(start+tc.pageSize, tc.total)
				next := ""
				if end < tc.total {
					next = "https://example/next?after=off-" + strconv.Itoa(end)
				}
				write(w, 200, renderJoinRequests(start, end, "off-"+strconv.Itoa(end), next))
			})
			c := newTestClient(t, f)
			got, err := c.ListJoinRequests(bg(t), "G1")
			if err != nil {
				t.Fatal(err)
			}
			// One refused request, then the pages.
			if len(got) != tc.total || len(f.requests()) != tc.want {
				t.Errorf("%d join requests in %d requests, want %d in %d", len(got), len(f.requests()), tc.total, tc.want)
			}
			// The refusal is remembered: the next listing asks without limit.
			before := len(f.requests())
			if _, err := c.ListJoinRequests(bg(t), "G1"); err != nil {
				t.Fatal(err)
			}
			if n := len(f.requests()) - before; n != tc.want-1 {
				t.Errorf("second listing: %d requests, want %d", n, tc.want-1)
			}
		})
	}
}
