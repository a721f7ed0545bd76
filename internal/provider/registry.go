package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// resourceConstructors lists every resource type of the provider, each with
// its resource identity (resource_identity.go).
var resourceConstructors = []func() resource.Resource{
	newGroupResourceWithIdentity,
	newGroupMembershipResourceWithIdentity,
	newGroupInviteLinkResourceWithIdentity,
	newInviteTemplateResourceWithIdentity,
}

// dataSourceConstructors lists every data source type of the provider.
var dataSourceConstructors = []func() datasource.DataSource{
	NewGroupsDataSource,
	NewGroupDataSource,
	NewGroupJoinRequestsDataSource,
}

// ephemeralResourceConstructors lists every ephemeral resource type
// (Terraform 1.10+).
var ephemeralResourceConstructors = []func() ephemeral.EphemeralResource{
	NewGroupInviteLinkEphemeralResource,
}

// listResourceConstructors lists every list resource type, for
// `terraform query` (Terraform 1.14+).
var listResourceConstructors = []func() list.ListResource{
	NewGroupListResource,
	NewInviteTemplateListResource,
}

// actionConstructors lists every action type (Terraform 1.14+).
var actionConstructors = []func() action.Action{
	NewSendGroupInviteAction,
}
