package provider

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// An import can only recover what the API reports. Arguments the API never
// returns (an invite link's triggers, a template's allow_category_change) are
// null after an import even when the configuration sets them, and because
// they force replacement, the first plan after an import would destroy the
// very object the user just adopted. Import therefore records such arguments
// in private state; requiresReplaceUnlessImported lets the next apply take
// their configured values in place, and Update clears the record.

// importUnverifiedKey is the private-state key holding the JSON list of
// attribute names an import could not read from the API.
const importUnverifiedKey = "import_unverified"

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// markImportUnverified records attrs as not read back by an import.
func markImportUnverified(ctx context.Context, private privateSetter, attrs ...string) diag.Diagnostics {
	if len(attrs) == 0 {
		return nil
	}
	raw, err := json.Marshal(attrs)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to record imported attributes", err.Error())
		return diags
	}
	return private.SetKey(ctx, importUnverifiedKey, raw)
}

// clearImportUnverified forgets the record once an apply has stored the
// configured values.
func clearImportUnverified(ctx context.Context, private privateSetter) diag.Diagnostics {
	return private.SetKey(ctx, importUnverifiedKey, nil)
}

// importUnverified reports whether attr was left unread by an import.
func importUnverified(ctx context.Context, private privateGetter, attr string) (bool, diag.Diagnostics) {
	if private == nil {
		return false, nil
	}
	raw, diags := private.GetKey(ctx, importUnverifiedKey)
	if diags.HasError() || len(raw) == 0 {
		return false, diags
	}
	var attrs []string
	if err := json.Unmarshal(raw, &attrs); err != nil {
		// A record this version cannot read is ignored: replacing is the
		// conservative answer.
		return false, diags
	}
	return slices.Contains(attrs, attr), diags
}

const replaceUnlessImportedDescription = "Changing this value replaces the resource, except right after an import, " +
	"when the value the API cannot report is taken from the configuration in place."

// replaceUnlessImported is the shared decision of the typed modifiers below.
func replaceUnlessImported(ctx context.Context, private privateGetter, p path.Path) (bool, diag.Diagnostics) {
	unverified, diags := importUnverified(ctx, private, p.String())
	return !unverified, diags
}

// stringRequiresReplaceUnlessImported is RequiresReplace for a string
// attribute that an import may leave unread.
func stringRequiresReplaceUnlessImported() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			var diags diag.Diagnostics
			resp.RequiresReplace, diags = replaceUnlessImported(ctx, req.Private, req.Path)
			resp.Diagnostics.Append(diags...)
		},
		replaceUnlessImportedDescription, replaceUnlessImportedDescription)
}

// boolRequiresReplaceUnlessImported is the bool variant.
func boolRequiresReplaceUnlessImported() planmodifier.Bool {
	return boolplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
			var diags diag.Diagnostics
			resp.RequiresReplace, diags = replaceUnlessImported(ctx, req.Private, req.Path)
			resp.Diagnostics.Append(diags...)
		},
		replaceUnlessImportedDescription, replaceUnlessImportedDescription)
}

// mapRequiresReplaceUnlessImported is the map variant.
func mapRequiresReplaceUnlessImported() planmodifier.Map {
	return mapplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
			var diags diag.Diagnostics
			resp.RequiresReplace, diags = replaceUnlessImported(ctx, req.Private, req.Path)
			resp.Diagnostics.Append(diags...)
		},
		replaceUnlessImportedDescription, replaceUnlessImportedDescription)
}
