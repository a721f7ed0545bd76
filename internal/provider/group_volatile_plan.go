package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// keepVolatileWhenUnchanged carries the state's suspended and
// total_participant_count into a plan that, apart from them, changes
// nothing. Those values change on the API's side (users joining, WhatsApp
// suspending the group), so they have no UseStateForUnknown: a saved plan
// that updates the group must stay valid when they move before it is
// applied. But the framework marks them unknown whenever the configuration
// differs from the state, also when an attribute plan modifier then keeps
// the state's value (a picture that only moved: samePictureModifier), and
// such a plan would show an update that does nothing.
func keepVolatileWhenUnchanged(ctx context.Context, state, plan groupModel, stateRaw tfsdk.State, resp *resource.ModifyPlanResponse) {
	plan.Suspended, plan.TotalParticipantCount = state.Suspended, state.TotalParticipantCount
	candidate := resp.Plan // a copy: Set below replaces only its Raw
	if diags := candidate.Set(ctx, &plan); diags.HasError() || !candidate.Raw.Equal(stateRaw.Raw) {
		return // something else changes: they stay unknown
	}
	resp.Plan = candidate
}
