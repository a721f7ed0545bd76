package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// Some arguments never come back from the API (an invite link's triggers, a
// template's allow_category_change or library button inputs), so an import
// leaves them null even when the configuration sets them. Replacing the
// object for that first change would destroy what the user just adopted.
// Following terraform-provider-random's RequiresReplaceIfValuesNotNull, a
// change from null is taken in place (the value is only recorded) and any
// change from a value replaces: no private state, nothing that expires.
//
// The price, documented on each attribute: setting such an argument for the
// first time on an object Terraform created without it records it without
// reaching the API, exactly as after an import.

const replaceIfPriorSetDescription = "Changing this value replaces the resource, except when it was null before " +
	"(after an import, or when it was first added): then the value is recorded in place."

// replaceIfPriorSet is the shared rule: the framework calls it only for a
// planned change of an existing resource.
func replaceIfPriorSet(priorNull bool) bool { return !priorNull }

func stringRequiresReplaceIfPriorSet() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = replaceIfPriorSet(req.StateValue.IsNull())
		}, replaceIfPriorSetDescription, replaceIfPriorSetDescription)
}

func boolRequiresReplaceIfPriorSet() planmodifier.Bool {
	return boolplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = replaceIfPriorSet(req.StateValue.IsNull())
		}, replaceIfPriorSetDescription, replaceIfPriorSetDescription)
}

func mapRequiresReplaceIfPriorSet() planmodifier.Map {
	return mapplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = replaceIfPriorSet(req.StateValue.IsNull())
		}, replaceIfPriorSetDescription, replaceIfPriorSetDescription)
}
