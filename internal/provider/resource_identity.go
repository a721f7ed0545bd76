package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12+): every resource's identity is a
// projection of attributes its state already holds, so it is added around
// the resources instead of inside them. Each wrapper embeds the resource's
// concrete type, which keeps every optional interface it implements
// (Configure, ImportState, ModifyPlan, ValidateConfig) exactly as it is, and
// copies the identity attributes from the state after Create, Read, Update
// and ImportState. Terraform 1.11 ignores identities; nothing else changes.
//
// An import block's `identity = {...}` reaches ImportState with an empty ID:
// the wrapper spells the identity as the import ID the resource documents
// and lets the resource's own ImportState do the rest.

// identitySpec names a resource's identity attributes, which are also the
// names of the state attributes they come from, in import-ID order.
type identitySpec struct {
	attrs       []string
	description map[string]string
	// importID spells an identity as the resource's import ID.
	importID func(values []string) string
}

func (s identitySpec) schema() identityschema.Schema {
	attrs := make(map[string]identityschema.Attribute, len(s.attrs))
	for _, a := range s.attrs {
		attrs[a] = identityschema.StringAttribute{RequiredForImport: true, Description: s.description[a]}
	}
	return identityschema.Schema{Attributes: attrs}
}

// fromState sets the identity from the state. A state without the
// attributes (a resource removed during Read) leaves the identity as it is.
func (s identitySpec) fromState(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	var diags diag.Diagnostics
	if identity == nil || state.Raw.IsNull() {
		return diags
	}
	for _, a := range s.attrs {
		var v types.String
		diags.Append(state.GetAttribute(ctx, path.Root(a), &v)...)
		if diags.HasError() || v.IsNull() || v.IsUnknown() {
			return diags
		}
		diags.Append(identity.SetAttribute(ctx, path.Root(a), v)...)
	}
	return diags
}

// fromPriorState fills an identity Terraform does not have yet (a state
// written before identities existed) from the prior state, for a Read that
// removes the resource: Terraform requires an identity even then.
func (s identitySpec) fromPriorState(ctx context.Context, prior, state tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	if identity == nil || !state.Raw.IsNull() || !identity.Raw.IsFullyNull() {
		return nil
	}
	return s.fromState(ctx, prior, identity)
}

// importRequest turns an import by identity into the import by ID the
// resource implements.
func (s identitySpec) importRequest(ctx context.Context, req resource.ImportStateRequest) (resource.ImportStateRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsNull() {
		return req, diags
	}
	values := make([]string, len(s.attrs))
	for i, a := range s.attrs {
		var v types.String
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(a), &v)...)
		if diags.HasError() {
			return req, diags
		}
		if v.ValueString() == "" {
			diags.AddAttributeError(path.Root(a), "Missing identity attribute",
				"Importing by identity needs every identity attribute; "+a+" is empty.")
			return req, diags
		}
		values[i] = v.ValueString()
	}
	req.ID = s.importID(values)
	return req, diags
}

func singleValue(values []string) string { return values[0] }

var (
	groupIdentity = identitySpec{
		attrs:       []string{"id"},
		description: map[string]string{"id": "The group id."},
		importID:    singleValue,
	}
	groupIDIdentity = identitySpec{
		attrs:       []string{"group_id"},
		description: map[string]string{"group_id": "The id of the group."},
		importID:    singleValue,
	}
	templateIdentity = identitySpec{
		attrs: []string{"name", "language"},
		description: map[string]string{
			"name":     "The template name.",
			"language": "The template language, for example `en_US`.",
		},
		importID: func(v []string) string { return v[0] + "/" + v[1] },
	}
)

// identityCRUD implements the identity side of Create, Read, Update and
// ImportState for a wrapper; the wrappers below bind it to a resource.
type identityCRUD struct{ spec identitySpec }

func (c identityCRUD) afterCreate(ctx context.Context, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(c.spec.fromState(ctx, resp.State, resp.Identity)...)
}

func (c identityCRUD) afterRead(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	resp.Diagnostics.Append(c.spec.fromState(ctx, resp.State, resp.Identity)...)
	resp.Diagnostics.Append(c.spec.fromPriorState(ctx, req.State, resp.State, resp.Identity)...)
}

func (c identityCRUD) afterUpdate(ctx context.Context, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(c.spec.fromState(ctx, resp.State, resp.Identity)...)
}

func (c identityCRUD) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse,
	inner func(context.Context, resource.ImportStateRequest, *resource.ImportStateResponse),
) {
	req, diags := c.spec.importRequest(ctx, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	inner(ctx, req, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(c.spec.fromState(ctx, resp.State, resp.Identity)...)
}
