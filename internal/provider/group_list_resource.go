package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

var _ list.ListResourceWithConfigure = (*groupListResource)(nil)

// NewGroupListResource is the constructor of the list resource d360_group,
// which `terraform query` (Terraform 1.14+) uses to find existing groups and
// generate the configuration and import blocks that adopt them.
func NewGroupListResource() list.ListResource { return &groupListResource{} }

type groupListResource struct {
	data *providerData
}

// groupListModel is the configuration of a `list "d360_group"` block; it
// filters like the d360_groups data source.
type groupListModel struct {
	Subject      types.String `tfsdk:"subject"`
	SubjectRegex types.String `tfsdk:"subject_regex"`
}

func (m groupListModel) matcher() (func(string) bool, error) {
	return groupsDataSourceModel{Subject: m.Subject, SubjectRegex: m.SubjectRegex}.matcher()
}

func (l *groupListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group"
}

func (l *groupListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the active groups of the phone number for `terraform query` (Terraform 1.14+), optionally " +
			"filtered by subject. Each result is a group's identity (`id`) with its subject as display name; with " +
			"`include_resource = true` (implied by `-generate-config-out`) the full resource is read too, one request per group. " +
			"Groups are read page by page at the largest page size (10,000 groups cost 10 list requests) and streamed as they " +
			"arrive.",
		Attributes: map[string]schema.Attribute{
			"subject": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only list groups whose subject is exactly this value (case-sensitive). " +
					"Conflicts with `subject_regex`.",
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, 128),
					stringvalidator.ConflictsWith(path.MatchRoot("subject_regex")),
				},
			},
			"subject_regex": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only list groups whose subject matches this [RE2 regular expression](https://github.com/google/re2/wiki/Syntax) " +
					"(unanchored: use `^` and `$` to match the whole subject). Conflicts with `subject`.",
				Validators: []validator.String{regexpValidator{}},
			},
		},
	}
}

func (l *groupListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	l.data = data
}

// errStopListing ends a scan early: the consumer has had enough.
var errStopListing = errors.New("listing stopped")

func (l *groupListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg groupListModel
	diags := req.Config.Get(ctx, &cfg)
	diags.Append(requireConfigured(l.data)...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	match, err := cfg.matcher()
	if err != nil {
		diags.AddAttributeError(path.Root("subject_regex"), "Invalid regular expression", err.Error())
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		// The client streams one page at a time, passes each group once and
		// starts over itself when the API invalidates the cursor (131059).
		var pushed int64
		err := l.data.client.EachGroup(ctx, func(page []client.GroupSummary) error {
			for _, g := range page {
				if !match(g.Subject) {
					continue
				}
				res, ok := l.result(ctx, req, g)
				if !ok {
					continue
				}
				pushed++
				if !push(res) || (req.Limit > 0 && pushed >= req.Limit) {
					return errStopListing
				}
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStopListing) {
			var d diag.Diagnostics
			d.Append(apiErrorDiag("Unable to list groups", err))
			push(list.ListResult{Diagnostics: d})
		}
	}
}

// result builds the result of one group; with include_resource it reads
// the group as a refresh after an import would. ok is false for a group
// deleted since it was listed.
func (l *groupListResource) result(ctx context.Context, req list.ListRequest, g client.GroupSummary) (list.ListResult, bool) {
	res := req.NewListResult(ctx)
	res.DisplayName = g.Subject
	res.Diagnostics.Append(res.Identity.SetAttribute(ctx, path.Root("id"), g.ID)...)
	if !req.IncludeResource {
		return res, true
	}
	full, err := l.data.client.GetGroup(ctx, g.ID, groupReadFields...)
	if client.IsNotFound(err) {
		return res, false
	}
	if err != nil {
		res.Diagnostics.Append(groupReadError("Unable to read group "+g.ID, g.ID, err))
		return res, true
	}
	m := groupModel{ID: types.StringValue(g.ID)}
	m.applyRead(full)
	res.Diagnostics.Append(setGroupResource(ctx, res.Resource, m)...)
	return res, true
}

// setGroupResource writes the attributes a refresh fills; the others
// (profile picture, timeouts) stay null, as after an import.
func setGroupResource(ctx context.Context, r *tfsdk.Resource, m groupModel) diag.Diagnostics {
	var diags diag.Diagnostics
	for name, v := range map[string]any{
		"id": m.ID, "subject": m.Subject, "description": m.Description, "join_approval_mode": m.JoinApprovalMode,
		"creation_timestamp": m.CreationTimestamp, "suspended": m.Suspended, "total_participant_count": m.TotalParticipantCount,
		"profile_picture_sha256": m.ProfilePictureSHA256,
	} {
		diags.Append(r.SetAttribute(ctx, path.Root(name), v)...)
	}
	return diags
}
