package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// resourceConstructors lists every resource type of the provider.
var resourceConstructors = []func() resource.Resource{
	NewGroupResource,
	NewGroupMembershipResource,
	NewGroupInviteLinkResource,
	NewInviteTemplateResource,
}

// dataSourceConstructors lists every data source type of the provider.
var dataSourceConstructors = []func() datasource.DataSource{
	NewGroupsDataSource,
	NewGroupDataSource,
	NewGroupJoinRequestsDataSource,
}
