package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ resource.ResourceWithModifyPlan = (*groupResource)(nil)

// ModifyPlan keeps a plan without change empty (keepVolatileWhenUnchanged)
// and warns when the plan replaces a group that has participants:
// deleting a group removes all of them, and the new group starts empty with
// a new invite link. The count comes from the state (the refresh read it
// with the group's other fields), so the warning costs no API call.
//
// Terraform does not tell a provider about a replacement it decided itself
// (a tainted resource, `-replace`): the provider is then asked to plan a
// create and has no prior state. Terraform's own plan output says "must be
// replaced" in those cases; this warning covers the replacement the
// configuration causes, a change of join_approval_mode.
func (r *groupResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var state, plan groupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	keepVolatileWhenUnchanged(ctx, state, plan, req.State, resp)
	if plan.JoinApprovalMode.IsUnknown() || plan.JoinApprovalMode.Equal(state.JoinApprovalMode) {
		return
	}
	warnGroupReplacement(state, &resp.Diagnostics)
}

// warnGroupReplacement names the group and the participants a replacement
// removes; nothing when the state knows of none.
func warnGroupReplacement(state groupModel, diags *diag.Diagnostics) {
	n := state.TotalParticipantCount.ValueInt64()
	if n <= 0 {
		return
	}
	diags.AddAttributeWarning(path.Root("join_approval_mode"),
		fmt.Sprintf("Replacing group %q removes its %d participant(s)", state.Subject.ValueString(), n),
		fmt.Sprintf("join_approval_mode cannot be changed on an existing group, so this plan deletes group %q (%s) and creates a new one. "+
			"Deleting a group removes all %d of its participants (as of the last refresh); the new group starts empty, with a new id "+
			"and a new invite link that has to be sent again.\n\n"+
			"To keep the group and its members, keep join_approval_mode = %q in the configuration.",
			state.Subject.ValueString(), state.ID.ValueString(), n, state.JoinApprovalMode.ValueString()))
}
