package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
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
