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
	if replace, _ := replaceUnlessImported(ctx, private, path.Root("triggers")); !replace {
		t.Fatal("without an import record a change must replace")
	}
	if diags := markImportUnverified(ctx, private, "triggers", "allow_category_change"); diags.HasError() {
		t.Fatal(diags)
	}
	for attr, want := range map[string]bool{"triggers": false, "allow_category_change": false, "name": true} {
		if replace, _ := replaceUnlessImported(ctx, private, path.Root(attr)); replace != want {
			t.Errorf("%s after import: replace = %v, want %v", attr, replace, want)
		}
	}
	if diags := clearImportUnverified(ctx, private); diags.HasError() {
		t.Fatal(diags)
	}
	if replace, _ := replaceUnlessImported(ctx, private, path.Root("triggers")); !replace {
		t.Error("after the record is cleared a change must replace again")
	}

	// A record this version cannot read falls back to replacing.
	private[importUnverifiedKey] = []byte(`{"triggers":true}`)
	if replace, _ := replaceUnlessImported(ctx, private, path.Root("triggers")); !replace {
		t.Error("an unreadable record must not suppress replacement")
	}
	if got, _ := importUnverified(ctx, nil, "triggers"); got {
		t.Error("no private state means nothing unverified")
	}
}
