package provider

import (
	"cmp"
	"context"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*groupsDataSource)(nil)

// NewGroupsDataSource is the constructor of d360_groups.
func NewGroupsDataSource() datasource.DataSource { return &groupsDataSource{} }

type groupsDataSource struct {
	data *providerData
}

type groupsDataSourceModel struct {
	Subject      types.String `tfsdk:"subject"`
	SubjectRegex types.String `tfsdk:"subject_regex"`
	Groups       types.List   `tfsdk:"groups"`
	IDs          types.List   `tfsdk:"ids"`
}

// groupSummaryAttrTypes is the object type of one element of `groups`.
var groupSummaryAttrTypes = map[string]attr.Type{
	"id":         types.StringType,
	"subject":    types.StringType,
	"created_at": types.Int64Type,
}

func (d *groupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_groups"
}

func (d *groupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the active groups of the phone number, optionally filtered by subject. " +
			"The provider follows the API's pagination to the end at the largest page size (1,024 groups per request), " +
			"so 10,000 groups cost 10 requests.",
		Attributes: map[string]schema.Attribute{
			"subject": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only return groups whose subject is exactly this value (case-sensitive). " +
					"Conflicts with `subject_regex`.",
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, 128),
					stringvalidator.ConflictsWith(path.MatchRoot("subject_regex")),
				},
			},
			"subject_regex": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only return groups whose subject matches this [RE2 regular expression](https://github.com/google/re2/wiki/Syntax) " +
					"(the syntax of Terraform's `regex` function). The match is unanchored: use `^` and `$` to match the whole subject. " +
					"Checked at plan time. Conflicts with `subject`.",
				Validators: []validator.String{regexpValidator{}},
			},
			"groups": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The matching groups, oldest first (ordered by `created_at`, then `id`, " +
					"so the order does not depend on how the API happens to page).",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The group id.",
						},
						"subject": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The group name.",
						},
						"created_at": schema.Int64Attribute{
							Computed:            true,
							MarkdownDescription: "When the group was created (Unix seconds).",
						},
					},
				},
			},
			"ids": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The ids of the matching groups, in the order of `groups`. Convenient in `for_each` " +
					"(as `toset(data.d360_groups.example.ids)`).",
			},
		},
	}
}

func (d *groupsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *groupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg groupsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(requireConfigured(d.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	match, err := cfg.matcher()
	if err != nil {
		// The validator catches this at plan time; this covers a value that
		// was unknown then.
		resp.Diagnostics.AddAttributeError(path.Root("subject_regex"), "Invalid regular expression", err.Error())
		return
	}

	var found []groupEntry
	var seen map[string]struct{}
	err = scanGroups(ctx, d.data.client,
		func() { found, seen = found[:0], make(map[string]struct{}) },
		func(g client.GroupSummary) {
			if !match(g.Subject) {
				return
			}
			// Cursors over a list that changes while it is read may repeat
			// an entry; list each group once.
			if _, dup := seen[g.ID]; dup {
				return
			}
			seen[g.ID] = struct{}{}
			found = append(found, groupEntry{ID: g.ID, Subject: g.Subject, CreatedAt: int64(g.CreatedAt)})
		})
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Unable to list the groups", err))
		return
	}
	seen = nil // let the index go before the state values are built
	sortGroupEntries(found)

	groups, ids := groupEntryLists(found)
	cfg.Groups, cfg.IDs = groups, ids
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// groupEntry is the part of a list entry the data source keeps: copying it
// out of each page lets the page be collected while the scan goes on.
type groupEntry struct {
	ID        string
	Subject   string
	CreatedAt int64
}

// matcher returns the filter the configuration asks for.
func (m groupsDataSourceModel) matcher() (func(string) bool, error) {
	switch {
	case !m.Subject.IsNull():
		want := m.Subject.ValueString()
		return func(s string) bool { return s == want }, nil
	case !m.SubjectRegex.IsNull():
		re, err := regexp.Compile(m.SubjectRegex.ValueString())
		if err != nil {
			return nil, err
		}
		return re.MatchString, nil
	default:
		return func(string) bool { return true }, nil
	}
}

// sortGroupEntries orders groups oldest first, then by id: the API documents
// no order, and a stable one keeps plans that use the list quiet.
func sortGroupEntries(entries []groupEntry) {
	slices.SortFunc(entries, func(a, b groupEntry) int {
		if c := cmp.Compare(a.CreatedAt, b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// groupEntryLists builds the `groups` and `ids` values straight from the
// compact entries, without a second model slice of the whole list.
func groupEntryLists(entries []groupEntry) (types.List, types.List) {
	objType := types.ObjectType{AttrTypes: groupSummaryAttrTypes}
	objs := make([]attr.Value, len(entries))
	ids := make([]attr.Value, len(entries))
	for i, e := range entries {
		id := types.StringValue(e.ID)
		ids[i] = id
		objs[i] = types.ObjectValueMust(groupSummaryAttrTypes, map[string]attr.Value{
			"id":         id,
			"subject":    types.StringValue(e.Subject),
			"created_at": types.Int64Value(e.CreatedAt),
		})
	}
	return types.ListValueMust(objType, objs), types.ListValueMust(types.StringType, ids)
}
