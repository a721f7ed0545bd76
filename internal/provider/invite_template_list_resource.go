package provider

import (
	"context"
	"strings"

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

var _ list.ListResourceWithConfigure = (*inviteTemplateListResource)(nil)

// NewInviteTemplateListResource is the constructor of the list resource
// d360_invite_template for `terraform query` (Terraform 1.14+).
func NewInviteTemplateListResource() list.ListResource { return &inviteTemplateListResource{} }

type inviteTemplateListResource struct {
	data *providerData
}

type inviteTemplateListModel struct {
	Name     types.String `tfsdk:"name"`
	Language types.String `tfsdk:"language"`
	Status   types.String `tfsdk:"status"`
}

func (l *inviteTemplateListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invite_template"
}

func (l *inviteTemplateListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds message templates of the WhatsApp Business Account for `terraform query` (Terraform 1.14+). " +
			"Each result is a template's identity (`name`, `language`) with `name (language)` as display name. The listing " +
			"holds every attribute, so `include_resource` costs no extra request.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only list templates with exactly this name.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, maxTemplateName),
					stringvalidator.RegexMatches(templateNameRe, "must contain only lowercase letters, digits and underscores"),
				},
			},
			"language": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only list templates in this language, for example `en_US`.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(templateLanguageRe, "must be a locale code such as en_US, de or pt_BR"),
				},
			},
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only list templates with this review status, for example `approved` (case-insensitive).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (l *inviteTemplateListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	l.data = data
}

func (l *inviteTemplateListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg inviteTemplateListModel
	diags := req.Config.Get(ctx, &cfg)
	diags.Append(requireConfigured(l.data)...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		templates, err := l.data.client.ListTemplates(ctx, client.TemplateFilter{
			Name: cfg.Name.ValueString(), Language: cfg.Language.ValueString(), Status: strings.ToLower(cfg.Status.ValueString()),
		})
		if err != nil {
			var d diag.Diagnostics
			d.Append(apiErrorDiag("Unable to list templates", err))
			push(list.ListResult{Diagnostics: d})
			return
		}
		for i, t := range templates {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			res := req.NewListResult(ctx)
			res.DisplayName = t.Name + " (" + t.Language + ")"
			res.Diagnostics.Append(res.Identity.SetAttribute(ctx, path.Root("name"), t.Name)...)
			res.Diagnostics.Append(res.Identity.SetAttribute(ctx, path.Root("language"), t.Language)...)
			if req.IncludeResource {
				res.Diagnostics.Append(setTemplateResource(ctx, res.Resource, t)...)
			}
			if !push(res) {
				return
			}
		}
	}
}

// setTemplateResource fills a template as an import followed by a refresh
// would, from the listing alone.
func setTemplateResource(ctx context.Context, r *tfsdk.Resource, t client.Template) diag.Diagnostics {
	m := inviteTemplateModel{Name: types.StringValue(t.Name), Language: types.StringValue(t.Language)}
	m.applyImported(t)
	var diags diag.Diagnostics
	if t.LibraryTemplateName != "" {
		m.LibraryTemplateName = types.StringValue(t.LibraryTemplateName)
	}
	m.applyListed(t)
	for name, v := range map[string]any{
		"id": m.ID, "name": m.Name, "language": m.Language, "category": m.Category,
		"library_template_name": m.LibraryTemplateName, "components": m.Components,
		"wait_for_approval": types.BoolValue(false), "delete_all_languages": types.BoolValue(false),
		"status": m.Status, "rejected_reason": m.RejectedReason,
	} {
		diags.Append(r.SetAttribute(ctx, path.Root(name), v)...)
	}
	return diags
}
