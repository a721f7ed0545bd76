package client_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// When the API invalidates the cursor in the middle of a list (131059), the
// list starts over from the first page and every group is still passed
// exactly once.
func TestEachGroupRestartsAfterExpiredCursor(t *testing.T) {
	em := emulator.New(emulator.Options{APIKey: "k"})
	for i := range 2500 {
		em.SeedGroup(fmt.Sprintf("group %04d", i), "", "")
	}
	var lists atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/groups" && lists.Add(1) == 2 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"message":"(#131059) Invalid cursor","type":"OAuthException","code":131059,`+
				`"error_data":{"messaging_product":"whatsapp","details":"The cursor expired. Start pagination from the beginning again."}}}`)
			return
		}
		em.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL, APIKey: "k", Retry: client.RetryPolicy{MaxAttempts: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	err = c.EachGroup(context.Background(), func(page []client.GroupSummary) error {
		for _, g := range page {
			seen[g.ID]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2500 {
		t.Errorf("saw %d groups, want 2500", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("group %s passed %d times", id, n)
		}
	}
	// One page before the failure, then the three pages of the second pass.
	if got := em.Calls("groups.list"); got != 4 {
		t.Errorf("emulator served %d list calls, want 4", got)
	}
}
