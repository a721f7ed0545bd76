package provider

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*groupJoinRequestsDataSource)(nil)

// NewGroupJoinRequestsDataSource is the constructor of d360_group_join_requests.
func NewGroupJoinRequestsDataSource() datasource.DataSource { return &groupJoinRequestsDataSource{} }

type groupJoinRequestsDataSource struct {
	data *providerData
}

type groupJoinRequestsDataSourceModel struct {
	GroupID      types.String `tfsdk:"group_id"`
	JoinRequests types.List   `tfsdk:"join_requests"`
}

// joinRequestAttrTypes is the object type of one element of `join_requests`.
var joinRequestAttrTypes = map[string]attr.Type{
	"join_request_id":    types.StringType,
	"wa_id":              types.StringType,
	"user_id":            types.StringType,
	"parent_user_id":     types.StringType,
	"username":           types.StringType,
	"creation_timestamp": types.Int64Type,
}

func (d *groupJoinRequestsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group_join_requests"
}

func (d *groupJoinRequestsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the pending requests to join a group, following the API's pagination to the end. " +
			"Only groups whose `join_approval_mode` is `approval_required` receive join requests; for a group in " +
			"`auto_approve` mode the list is empty.",
		Attributes: map[string]schema.Attribute{
			"group_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the group.",
				Validators:          groupIDValidators(),
			},
			"join_requests": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The pending join requests, oldest first (ordered by `creation_timestamp`, then `join_request_id`).",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"join_request_id": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The id of the join request, as the approve and reject calls expect it.",
						},
						"wa_id": schema.StringAttribute{
							Computed: true,
							MarkdownDescription: "The WhatsApp id of the user asking to join. Where WhatsApp no longer shares a " +
								"user's phone number, the business-scoped user id takes its place.",
						},
						"user_id":        schema.StringAttribute{Computed: true, MarkdownDescription: userIDDescription},
						"parent_user_id": schema.StringAttribute{Computed: true, MarkdownDescription: parentUserIDDescription},
						"username":       schema.StringAttribute{Computed: true, MarkdownDescription: usernameDescription},
						"creation_timestamp": schema.Int64Attribute{
							Computed:            true,
							MarkdownDescription: "When the user asked to join (Unix seconds).",
						},
					},
				},
			},
		},
	}
}

func (d *groupJoinRequestsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *groupJoinRequestsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg groupJoinRequestsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(requireConfigured(d.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := cfg.GroupID.ValueString()
	requests, err := d.data.client.ListJoinRequests(ctx, id)
	if err != nil {
		resp.Diagnostics.Append(groupReadError("Unable to list the group's join requests", id, err))
		return
	}
	cfg.JoinRequests = joinRequestList(requests)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// joinRequestList orders the requests oldest first (the API documents no
// order) and builds the `join_requests` value.
func joinRequestList(requests []client.JoinRequest) types.List {
	requests = slices.Clone(requests)
	slices.SortFunc(requests, func(a, b client.JoinRequest) int {
		return cmp.Or(cmp.Compare(a.CreationTimestamp, b.CreationTimestamp), cmp.Compare(a.ID, b.ID))
	})
	elems := make([]attr.Value, 0, len(requests))
	for _, r := range requests { // the client lists each request once
		values := identityAttrs(identityOfRequest(r))
		values["join_request_id"] = types.StringValue(r.ID)
		values["wa_id"] = types.StringValue(r.Key())
		values["creation_timestamp"] = types.Int64Value(int64(r.CreationTimestamp))
		elems = append(elems, types.ObjectValueMust(joinRequestAttrTypes, values))
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: joinRequestAttrTypes}, elems)
}
