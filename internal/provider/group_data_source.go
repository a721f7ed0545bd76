package provider

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = (*groupDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*groupDataSource)(nil)
)

// NewGroupDataSource is the constructor of d360_group.
func NewGroupDataSource() datasource.DataSource { return &groupDataSource{} }

type groupDataSource struct {
	data *providerData
}

type groupDataSourceModel struct {
	ID                    types.String `tfsdk:"id"`
	Subject               types.String `tfsdk:"subject"`
	Description           types.String `tfsdk:"description"`
	JoinApprovalMode      types.String `tfsdk:"join_approval_mode"`
	Suspended             types.Bool   `tfsdk:"suspended"`
	CreationTimestamp     types.Int64  `tfsdk:"creation_timestamp"`
	Participants          types.List   `tfsdk:"participants"`
	TotalParticipantCount types.Int64  `tfsdk:"total_participant_count"`
	InviteLink            types.String `tfsdk:"invite_link"`
}

// groupDataSourceFields is every field the group endpoint can return; one
// GET reads them all.
var groupDataSourceFields = []string{
	client.FieldSubject, client.FieldDescription, client.FieldJoinApprovalMode, client.FieldSuspended,
	client.FieldCreationTimestamp, client.FieldParticipants, client.FieldTotalParticipantCount,
}

// maxListedMatches bounds how many ids an "ambiguous subject" error lists.
const maxListedMatches = 20

func (d *groupDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group"
}

func (d *groupDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one WhatsApp group, found by `id` or by its exact `subject`, including its " +
			"participants and current invite link. Use it to reference a group that Terraform does not manage.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The group id. Exactly one of `id` and `subject` must be set. " +
					"A lookup by id costs two requests (the group and its invite link).",
				Validators: groupIDValidators(),
			},
			"subject": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The group name. Exactly one of `id` and `subject` must be set. A lookup by subject " +
					"lists the active groups (one request per 1,024 groups) and fails unless exactly one group has this exact, " +
					"case-sensitive subject; the error for several matches lists their ids.",
				Validators: []validator.String{stringvalidator.UTF8LengthBetween(1, 128), trimmedValidator{}},
			},
			"description": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The group description; null when the group has none (as in the `d360_group` resource).",
			},
			"join_approval_mode": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`auto_approve` (anyone with the invite link joins) or `approval_required` " +
					"(users ask to join and the business approves).",
			},
			"suspended": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether WhatsApp suspended the group for a policy violation.",
			},
			"creation_timestamp": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "When the group was created (Unix seconds).",
			},
			"participants": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The WhatsApp ids of the participants, not including the business, sorted. " +
					"Where WhatsApp no longer shares a user's phone number, the business-scoped user id takes its place.",
			},
			"total_participant_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of participants, not counting the business.",
			},
			"invite_link": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The group's current invite link (`https://chat.whatsapp.com/...`), read with its own request. " +
					"Anyone holding it can join (or ask to join) the group, so it is sensitive.",
			},
		},
	}
}

func (d *groupDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("subject")),
	}
}

func (d *groupDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *groupDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg groupDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(requireConfigured(d.data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	id := cfg.ID.ValueString()
	if cfg.ID.IsNull() {
		var diags diag.Diagnostics
		id, diags = d.findBySubject(ctx, cfg.Subject.ValueString())
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	g, err := d.data.client.GetGroup(ctx, id, groupDataSourceFields...)
	if err != nil {
		resp.Diagnostics.Append(groupReadError("Unable to read the group", id, err))
		return
	}
	if !cfg.Subject.IsNull() && g.Subject != cfg.Subject.ValueString() {
		// Renamed between the list and the read: the result would no longer
		// match the configuration, which Terraform rejects less clearly.
		resp.Diagnostics.AddAttributeError(path.Root("subject"), "Group renamed during the lookup",
			fmt.Sprintf("The group %s had the subject %q when the groups were listed but has the subject %q now. Run the command again.",
				id, cfg.Subject.ValueString(), g.Subject))
		return
	}
	link, err := d.data.client.GetInviteLink(ctx, id)
	if err != nil {
		resp.Diagnostics.Append(groupReadError("Unable to read the group's invite link", id, err))
		return
	}

	state := groupDataSourceModelFrom(id, g, link)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// findBySubject scans the list of active groups for the one group with this
// exact subject. Only matching ids are kept, so memory stays small however
// many groups the number has.
func (d *groupDataSource) findBySubject(ctx context.Context, subject string) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	var matches []client.GroupSummary
	err := d.data.client.EachGroup(ctx, func(page []client.GroupSummary) error {
		for _, g := range page {
			if g.Subject == subject {
				matches = append(matches, g)
			}
		}
		return nil
	})
	if err != nil {
		diags.Append(apiErrorDiag("Unable to list the groups", err))
		return "", diags
	}
	switch len(matches) {
	case 1:
		return matches[0].ID, diags
	case 0:
		diags.AddAttributeError(path.Root("subject"), "No group with this subject",
			fmt.Sprintf("No active group has the subject %q. Subjects are matched exactly and case-sensitively; "+
				"use the d360_groups data source with subject_regex for a looser search.", subject))
	default:
		diags.AddAttributeError(path.Root("subject"), "Several groups have this subject",
			fmt.Sprintf("%d active groups have the subject %q, so it does not identify one group:\n%s\n\nLook the group up by id instead.",
				len(matches), subject, describeMatches(matches)))
	}
	return "", diags
}

// describeMatches lists ambiguous matches oldest first, one per line.
func describeMatches(matches []client.GroupSummary) string {
	sorted := slices.Clone(matches)
	slices.SortFunc(sorted, func(a, b client.GroupSummary) int {
		return cmp.Or(cmp.Compare(a.CreatedAt, b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	var b strings.Builder
	for i, m := range sorted {
		if i == maxListedMatches {
			fmt.Fprintf(&b, "\n  ... and %d more", len(sorted)-maxListedMatches)
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "  - %s", m.ID)
		if m.CreatedAt > 0 {
			fmt.Fprintf(&b, " (created %s)", time.Unix(int64(m.CreatedAt), 0).UTC().Format(time.RFC3339))
		}
	}
	return b.String()
}

// groupDataSourceModelFrom maps what the API returned. The API leaves out a
// description that was never set and may leave out the default approval mode.
func groupDataSourceModelFrom(id string, g client.Group, inviteLink string) groupDataSourceModel {
	mode := g.JoinApprovalMode
	if mode == "" {
		mode = client.JoinApprovalAuto
	}
	keys := make([]string, 0, len(g.Participants))
	for _, p := range g.Participants {
		if k := p.Key(); k != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	participants := make([]attr.Value, len(keys))
	for i, k := range keys {
		participants[i] = types.StringValue(k)
	}
	return groupDataSourceModel{
		ID:                    types.StringValue(id),
		Subject:               types.StringValue(g.Subject),
		Description:           nullIfEmpty(g.Description),
		JoinApprovalMode:      types.StringValue(mode),
		Suspended:             types.BoolValue(bool(g.Suspended)),
		CreationTimestamp:     types.Int64Value(int64(g.CreationTimestamp)),
		Participants:          types.ListValueMust(types.StringType, participants),
		TotalParticipantCount: types.Int64Value(int64(g.TotalParticipantCount)),
		InviteLink:            types.StringValue(inviteLink),
	}
}

// nullIfEmpty is how a group's description is held: the API leaves out a
// description that was never set (or was cleared), and Terraform shows that
// as null, in the resource and the data source alike.
func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
