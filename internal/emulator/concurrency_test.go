package emulator

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

func TestParallelCreatesGiveDistinctIDs(t *testing.T) {
	h := newHarness(t, Options{})
	h.client = &http.Client{} // keep-alives: many requests, few sockets
	const n = 200
	reqIDs := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := h.send("POST", "/groups", "application/json",
				[]byte(fmt.Sprintf(`{"messaging_product":"whatsapp","subject":"g%d"}`, i)), testKey)
			if err != nil || r.status != 200 {
				t.Errorf("create %d: %v %d", i, err, r.status)
				return
			}
			reqIDs[i] = r.body["request_id"].(string)
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, id := range reqIDs {
		if seen[id] {
			t.Fatalf("duplicate request id %s", id)
		}
		seen[id] = true
	}
	ids, links := map[string]bool{}, map[string]bool{}
	for _, g := range h.em.Groups() {
		ids[g.ID], links[g.InviteLink] = true, true
	}
	if len(ids) != n || len(links) != n {
		t.Fatalf("%d ids, %d links for %d groups", len(ids), len(links), n)
	}
	if h.em.Calls("groups.create") != n || h.em.TotalCalls() != n {
		t.Fatalf("counted %d", h.em.Calls("groups.create"))
	}
}

func TestParallelMixedTrafficCountsExactly(t *testing.T) {
	h := newHarness(t, Options{})
	h.client = &http.Client{}
	id, link := groupWith(t, h)
	const workers, each = 8, 40
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				switch i % 4 {
				case 0:
					_, _ = h.send("GET", "/groups", "", nil, testKey)
				case 1:
					_, _ = h.send("GET", "/groups/"+id+"?fields=participants", "", nil, testKey)
				case 2:
					_ = h.em.JoinViaLink(link, fmt.Sprintf("%d%03d", w+1, i))
					_, _ = h.send("GET", "/groups/"+id+"/invite_link", "", nil, testKey)
				case 3:
					_, _ = h.send("GET", "/groups", "", nil, "wrong")
				}
			}
		}()
	}
	wg.Wait()
	want := map[string]int{"groups.list": workers * each / 4, "groups.get": workers * each / 4,
		"invite_link.get": workers * each / 4, "unauthorized": workers * each / 4}
	for route, n := range want {
		if got := h.em.Calls(route); got != n {
			t.Fatalf("%s = %d, want %d", route, got, n)
		}
	}
	if g, _ := h.em.Group(id); len(g.Participants) != DefaultMaxParticipants {
		t.Fatalf("%d participants, cap %d", len(g.Participants), DefaultMaxParticipants)
	}
}
