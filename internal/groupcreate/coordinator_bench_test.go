package groupcreate

import (
	"context"
	"fmt"
	"testing"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// BenchmarkMatch10k is the coordinator's work for one pending create when a
// scan returns the documented maximum of 10,000 groups of which one is new:
// what every pending create pays per scan, on top of the scan's requests.
func BenchmarkMatch10k(b *testing.B) {
	const total = 10000
	s := &scanResult{ids: make(map[string]string, total)}
	base := Baseline{ids: make(map[string]string, total)}
	for i := range total {
		id := fmt.Sprintf("G%05d", i)
		s.groups = append(s.groups, client.GroupSummary{ID: id, Subject: fmt.Sprintf("Customer group %05d", i%5000), CreatedAt: client.FlexTime(1000 + i)})
		s.ids[id] = s.groups[i].Subject
		if i < total-1 {
			base.ids[id] = s.groups[i].Subject
		}
	}
	// The new group shares its subject with an old one, which the baseline
	// must exclude.
	want := Want{Subject: s.groups[total-1].Subject, NotBefore: 1000}
	c := New(&fakeList{}, Options{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		id, err := c.match(ctx, s, base, want, map[string]bool{})
		if err != nil || id != s.groups[total-1].ID {
			b.Fatalf("matched %q, %v", id, err)
		}
		c.Release(id)
	}
}
