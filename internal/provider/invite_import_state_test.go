package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// fakePrivate stands in for the framework's private state.
type fakePrivate map[string][]byte

func (f fakePrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return f[key], nil
}

func (f fakePrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	if len(value) == 0 {
		delete(f, key)
	} else {
		f[key] = value
	}
	return nil
}

func TestImportUnverified(t *testing.T) {
	ctx := context.Background()
	private := fakePrivate{}
	replace := func(attr string, priorNull, plannedNull bool) bool {
		t.Helper()
		r, diags := replaceUnlessImported(ctx, private, path.Root(attr), priorNull, plannedNull)
		if diags.HasError() {
			t.Fatal(diags)
		}
		return r
	}
	if !replace("triggers", true, false) {
		t.Fatal("without an import record a change must replace")
	}
	if diags := markImportUnverified(ctx, private, "triggers", "allow_category_change"); diags.HasError() {
		t.Fatal(diags)
	}
	for _, tc := range []struct {
		attr                   string
		priorNull, plannedNull bool
		want                   bool
	}{
		{"triggers", true, false, false},              // the import could not know the value
		{"allow_category_change", true, false, false}, // same
		{"triggers", false, true, false},              // a value the import guessed, left out by the configuration
		{"triggers", false, false, true},              // a change between two known values
		{"name", true, false, true},                   // not left unread by the import
	} {
		if got := replace(tc.attr, tc.priorNull, tc.plannedNull); got != tc.want {
			t.Errorf("%s after import (prior null %v, planned null %v): replace = %v, want %v", tc.attr, tc.priorNull, tc.plannedNull, got, tc.want)
		}
	}
	if diags := clearImportUnverified(ctx, private); diags.HasError() {
		t.Fatal(diags)
	}
	if !replace("triggers", true, false) {
		t.Error("after the record is cleared a change must replace again")
	}

	// The record survives the import's read and the refresh of the first
	// plan after it, and is dropped by the next refresh.
	markImportUnverified(ctx, private, "triggers")
	for refresh := 1; refresh <= importRecordRefreshes+1; refresh++ {
		if diags := ageImportUnverified(ctx, private); diags.HasError() {
			t.Fatal(diags)
		}
		if kept := !replace("triggers", true, false); kept != (refresh <= importRecordRefreshes) {
			t.Errorf("after %d refreshes the record is kept: %v", refresh, kept)
		}
	}
	if _, ok := private[importUnverifiedKey]; ok {
		t.Error("the expired record is still in private state")
	}

	// The bare list of earlier versions is read, and ages like a new record.
	private[importUnverifiedKey] = []byte(`["triggers"]`)
	if replace("triggers", true, false) {
		t.Error("a record of an earlier version must be honoured")
	}
	for range importRecordRefreshes + 1 {
		ageImportUnverified(ctx, private)
	}
	if !replace("triggers", true, false) {
		t.Error("a record of an earlier version must expire too")
	}

	// A record this version cannot read falls back to replacing.
	private[importUnverifiedKey] = []byte(`{"triggers":true}`)
	if !replace("triggers", true, false) {
		t.Error("an unreadable record must not suppress replacement")
	}
	private[importUnverifiedKey] = []byte(`"triggers"`)
	if !replace("triggers", true, false) {
		t.Error("an unreadable record must not suppress replacement")
	}
	if got, _ := importUnverified(ctx, nil, "triggers"); got {
		t.Error("no private state means nothing unverified")
	}
}
