package provider

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// The benchmarks list the documented maximum of 10,000 groups from an
// in-process emulator. B/op and allocs/op include the emulator's own work of
// serving the pages (same process); BenchmarkEachGroup10k is the baseline of
// serving, transport and decoding alone, so the difference to the data source
// benchmarks is what building the Terraform value costs. requests/op must be
// 10; retained-bytes is the heap the resulting state holds on to.

const benchGroups = 10000

func benchEmulator(b *testing.B) (*emulator.Emulator, *providerData) {
	b.Helper()
	em := emulator.New(emulator.Options{APIKey: testAPIKey})
	for i := range benchGroups {
		em.SeedGroup(fmt.Sprintf("Customer group %05d", i), "", "")
	}
	return em, directBackend(b, em)
}

func BenchmarkEachGroup10k(b *testing.B) {
	em, data := benchEmulator(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := data.client.EachGroup(ctx, func(page []client.GroupSummary) error { n += len(page); return nil }); err != nil {
			b.Fatal(err)
		}
		if n != benchGroups {
			b.Fatalf("%d groups", n)
		}
	}
	b.ReportMetric(float64(em.Calls("groups.list"))/float64(b.N), "requests/op")
}

func BenchmarkGroupsDataSourceList10k(b *testing.B) {
	benchmarkGroupsDataSource(b, nil, benchGroups)
}

// BenchmarkGroupsDataSourceList10kFiltered shows that a filter is applied
// while streaming: only the matches are kept.
func BenchmarkGroupsDataSourceList10kFiltered(b *testing.B) {
	benchmarkGroupsDataSource(b, map[string]tftypes.Value{
		"subject_regex": tftypes.NewValue(tftypes.String, `^Customer group 000\d\d$`),
	}, 100)
}

func benchmarkGroupsDataSource(b *testing.B, config map[string]tftypes.Value, want int) {
	em, data := benchEmulator(b)
	ctx := context.Background()
	read := func() any {
		state, diags := readDataSource(ctx, NewGroupsDataSource(), data, config)
		if diags.HasError() {
			b.Fatal(diags)
		}
		return state
	}
	// Checked once, outside the measured loop: converting the state back
	// to a model costs about as much as building it.
	var m groupsDataSourceModel
	if diags := read().(tfsdk.State).Get(ctx, &m); diags.HasError() || len(m.IDs.Elements()) != want {
		b.Fatalf("%d groups, want %d (%v)", len(m.IDs.Elements()), want, diags)
	}
	retained := retainedBytes(read)
	em.ResetCounters()

	b.ReportAllocs()
	for b.Loop() {
		read()
	}
	b.ReportMetric(float64(em.Calls("groups.list"))/float64(b.N), "requests/op")
	b.ReportMetric(float64(retained), "retained-bytes")
}

// retainedBytes measures how much heap the value made by build keeps alive.
func retainedBytes(build func() any) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	if after.HeapAlloc < before.HeapAlloc {
		return 0
	}
	return after.HeapAlloc - before.HeapAlloc
}
