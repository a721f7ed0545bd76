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
// in private state, and the *RequiresReplaceUnlessImported modifiers let the
// first apply after the import take their configured values in place.
//
// The exception is narrow: it only covers a value the import could not know
// (null in state) or one it guessed that the configuration leaves out (null
// in the plan); a change between two known values replaces as usual. It also
// ends: Update clears the record once it has stored the configured values,
// and when the first plan after the import needs no update the record
// expires with refreshes (see ageImportUnverified), so a later change of
// those arguments replaces the object as it would without the import.

// importUnverifiedKey is the private-state key holding the importRecord.
const importUnverifiedKey = "import_unverified"

// importRecordRefreshes is how many refreshes keep the record: the read
// that completes the import and the refresh of the first plan after it.
// The next refresh (the one of the plan after that) drops it.
const importRecordRefreshes = 2

// importRecord lists the attributes an import could not read from the API
// and counts the refreshes since.
type importRecord struct {
	Attrs     []string `json:"attrs"`
	Refreshes int      `json:"refreshes"`
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

type privateState interface {
	privateGetter
	privateSetter
}

// markImportUnverified records attrs as not read back by an import.
func markImportUnverified(ctx context.Context, private privateSetter, attrs ...string) diag.Diagnostics {
	if len(attrs) == 0 {
		return nil
	}
	return writeImportRecord(ctx, private, importRecord{Attrs: attrs})
}

func writeImportRecord(ctx context.Context, private privateSetter, rec importRecord) diag.Diagnostics {
	raw, err := json.Marshal(rec)
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

// readImportRecord returns the record, or false when there is none or this
// version cannot read it (replacing is then the conservative answer).
func readImportRecord(ctx context.Context, private privateGetter) (importRecord, bool, diag.Diagnostics) {
	if private == nil {
		return importRecord{}, false, nil
	}
	raw, diags := private.GetKey(ctx, importUnverifiedKey)
	if diags.HasError() || len(raw) == 0 {
		return importRecord{}, false, diags
	}
	var rec importRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		// Earlier versions stored the bare list of attributes.
		if err := json.Unmarshal(raw, &rec.Attrs); err != nil {
			return importRecord{}, false, diags
		}
	}
	return rec, len(rec.Attrs) > 0, diags
}

// importUnverified reports whether attr was left unread by an import.
func importUnverified(ctx context.Context, private privateGetter, attr string) (bool, diag.Diagnostics) {
	rec, ok, diags := readImportRecord(ctx, private)
	return ok && slices.Contains(rec.Attrs, attr), diags
}

// ageImportUnverified counts a refresh against the record and drops it after
// importRecordRefreshes: by then the first plan after the import has been
// made, and if it was applied without an update, state and configuration
// already agree on those arguments. Read calls it.
func ageImportUnverified(ctx context.Context, private privateState) diag.Diagnostics {
	rec, ok, diags := readImportRecord(ctx, private)
	if !ok {
		return diags
	}
	rec.Refreshes++
	if rec.Refreshes > importRecordRefreshes {
		return append(diags, clearImportUnverified(ctx, private)...)
	}
	return append(diags, writeImportRecord(ctx, private, rec)...)
}

const replaceUnlessImportedDescription = "Changing this value replaces the resource, except in the first apply after an import, " +
	"when a value the API cannot report is taken from the configuration in place."

// replaceUnlessImported is the shared decision of the typed modifiers below:
// a change replaces the resource unless the attribute was left unread by an
// import and one side of the change is null (the import could not know the
// value, or guessed one the configuration leaves out).
func replaceUnlessImported(ctx context.Context, private privateGetter, p path.Path, priorNull, plannedNull bool) (bool, diag.Diagnostics) {
	if !priorNull && !plannedNull {
		return true, nil
	}
	unverified, diags := importUnverified(ctx, private, p.String())
	return !unverified, diags
}

// stringRequiresReplaceUnlessImported is RequiresReplace for a string
// attribute that an import may leave unread.
func stringRequiresReplaceUnlessImported() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			var diags diag.Diagnostics
			resp.RequiresReplace, diags = replaceUnlessImported(ctx, req.Private, req.Path, req.StateValue.IsNull(), req.PlanValue.IsNull())
			resp.Diagnostics.Append(diags...)
		},
		replaceUnlessImportedDescription, replaceUnlessImportedDescription)
}

// boolRequiresReplaceUnlessImported is the bool variant.
func boolRequiresReplaceUnlessImported() planmodifier.Bool {
	return boolplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
			var diags diag.Diagnostics
			resp.RequiresReplace, diags = replaceUnlessImported(ctx, req.Private, req.Path, req.StateValue.IsNull(), req.PlanValue.IsNull())
			resp.Diagnostics.Append(diags...)
		},
		replaceUnlessImportedDescription, replaceUnlessImportedDescription)
}

// mapRequiresReplaceUnlessImported is the map variant.
func mapRequiresReplaceUnlessImported() planmodifier.Map {
	return mapplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
			var diags diag.Diagnostics
			resp.RequiresReplace, diags = replaceUnlessImported(ctx, req.Private, req.Path, req.StateValue.IsNull(), req.PlanValue.IsNull())
			resp.Diagnostics.Append(diags...)
		},
		replaceUnlessImportedDescription, replaceUnlessImportedDescription)
}
