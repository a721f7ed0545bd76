package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// The identity wrappers of the four resources (see resource_identity.go).
// Each embeds the resource's concrete type, so every method and optional
// interface of the resource stays as it is.

var (
	_ resource.ResourceWithIdentity       = (*groupWithIdentity)(nil)
	_ resource.ResourceWithImportState    = (*groupWithIdentity)(nil)
	_ resource.ResourceWithIdentity       = (*inviteLinkWithIdentity)(nil)
	_ resource.ResourceWithImportState    = (*inviteLinkWithIdentity)(nil)
	_ resource.ResourceWithIdentity       = (*membershipWithIdentity)(nil)
	_ resource.ResourceWithModifyPlan     = (*membershipWithIdentity)(nil)
	_ resource.ResourceWithValidateConfig = (*membershipWithIdentity)(nil)
	_ resource.ResourceWithIdentity       = (*templateWithIdentity)(nil)
	_ resource.ResourceWithValidateConfig = (*templateWithIdentity)(nil)
)

// groupWithIdentity: identity {id}. The identity may change once: a create
// that timed out keeps a `pending:` placeholder id (DESIGN.md, "Lost
// responses and timeouts") until a refresh finds its group and stores the
// real id, so the identity is declared mutable.
type groupWithIdentity struct {
	*groupResource
	identityCRUD
}

func newGroupResourceWithIdentity() resource.Resource {
	return &groupWithIdentity{groupResource: &groupResource{}, identityCRUD: identityCRUD{groupIdentity}}
}

func (r *groupWithIdentity) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.groupResource.Metadata(ctx, req, resp)
	resp.ResourceBehavior.MutableIdentity = true
}

func (r *groupWithIdentity) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.spec.schema()
}

func (r *groupWithIdentity) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.groupResource.Create(ctx, req, resp)
	r.afterCreate(ctx, resp)
}

func (r *groupWithIdentity) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.groupResource.Read(ctx, req, resp)
	r.afterRead(ctx, req, resp)
}

func (r *groupWithIdentity) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.groupResource.Update(ctx, req, resp)
	r.afterUpdate(ctx, resp)
}

func (r *groupWithIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importState(ctx, req, resp, r.groupResource.ImportState)
}

// inviteLinkWithIdentity: identity {group_id}.
type inviteLinkWithIdentity struct {
	*groupInviteLinkResource
	identityCRUD
}

func newGroupInviteLinkResourceWithIdentity() resource.Resource {
	return &inviteLinkWithIdentity{groupInviteLinkResource: &groupInviteLinkResource{}, identityCRUD: identityCRUD{groupIDIdentity}}
}

func (r *inviteLinkWithIdentity) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.spec.schema()
}

func (r *inviteLinkWithIdentity) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.groupInviteLinkResource.Create(ctx, req, resp)
	r.afterCreate(ctx, resp)
}

func (r *inviteLinkWithIdentity) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.groupInviteLinkResource.Read(ctx, req, resp)
	r.afterRead(ctx, req, resp)
}

func (r *inviteLinkWithIdentity) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.groupInviteLinkResource.Update(ctx, req, resp)
	r.afterUpdate(ctx, resp)
}

func (r *inviteLinkWithIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importState(ctx, req, resp, r.groupInviteLinkResource.ImportState)
}

// membershipWithIdentity: identity {group_id}.
type membershipWithIdentity struct {
	*groupMembershipResource
	identityCRUD
}

func newGroupMembershipResourceWithIdentity() resource.Resource {
	return &membershipWithIdentity{groupMembershipResource: &groupMembershipResource{}, identityCRUD: identityCRUD{groupIDIdentity}}
}

func (r *membershipWithIdentity) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.spec.schema()
}

func (r *membershipWithIdentity) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.groupMembershipResource.Create(ctx, req, resp)
	r.afterCreate(ctx, resp)
}

func (r *membershipWithIdentity) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.groupMembershipResource.Read(ctx, req, resp)
	r.afterRead(ctx, req, resp)
}

func (r *membershipWithIdentity) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.groupMembershipResource.Update(ctx, req, resp)
	r.afterUpdate(ctx, resp)
}

func (r *membershipWithIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importState(ctx, req, resp, r.groupMembershipResource.ImportState)
}

// templateWithIdentity: identity {name, language}; the import ID is
// name/language.
type templateWithIdentity struct {
	*inviteTemplateResource
	identityCRUD
}

func newInviteTemplateResourceWithIdentity() resource.Resource {
	return &templateWithIdentity{inviteTemplateResource: &inviteTemplateResource{}, identityCRUD: identityCRUD{templateIdentity}}
}

func (r *templateWithIdentity) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.spec.schema()
}

func (r *templateWithIdentity) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.inviteTemplateResource.Create(ctx, req, resp)
	r.afterCreate(ctx, resp)
}

func (r *templateWithIdentity) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.inviteTemplateResource.Read(ctx, req, resp)
	r.afterRead(ctx, req, resp)
}

func (r *templateWithIdentity) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.inviteTemplateResource.Update(ctx, req, resp)
	r.afterUpdate(ctx, resp)
}

func (r *templateWithIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.importState(ctx, req, resp, r.inviteTemplateResource.ImportState)
}
