package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/d360/terraform-provider-d360/internal/client"
)

var (
	_ resource.ResourceWithConfigure      = (*inviteTemplateResource)(nil)
	_ resource.ResourceWithImportState    = (*inviteTemplateResource)(nil)
	_ resource.ResourceWithValidateConfig = (*inviteTemplateResource)(nil)
)

// NewInviteTemplateResource is the constructor of d360_invite_template.
func NewInviteTemplateResource() resource.Resource { return &inviteTemplateResource{} }

// inviteTemplateResource manages a message template that carries a group
// invite link. The API cannot edit templates, so every API input forces
// replacement; the local-only arguments (waiting, the delete guard,
// timeouts) update in place.
type inviteTemplateResource struct {
	data *providerData
}

type inviteTemplateModel struct {
	ID                          types.String         `tfsdk:"id"`
	Name                        types.String         `tfsdk:"name"`
	Language                    types.String         `tfsdk:"language"`
	Category                    types.String         `tfsdk:"category"`
	LibraryTemplateName         types.String         `tfsdk:"library_template_name"`
	LibraryTemplateButtonInputs jsontypes.Normalized `tfsdk:"library_template_button_inputs"`
	Components                  jsontypes.Normalized `tfsdk:"components"`
	AllowCategoryChange         types.Bool           `tfsdk:"allow_category_change"`
	WaitForApproval             types.Bool           `tfsdk:"wait_for_approval"`
	DeleteAllLanguages          types.Bool           `tfsdk:"delete_all_languages"`
	Status                      types.String         `tfsdk:"status"`
	RejectedReason              types.String         `tfsdk:"rejected_reason"`
	Timeouts                    timeouts.Value       `tfsdk:"timeouts"`
}

var (
	// templateNameRe is the API's rule for names (CONTRACT.md §9.1).
	templateNameRe = regexp.MustCompile(`^[a-z0-9_]+$`)
	// templateLanguageRe accepts WhatsApp's locale codes: a language
	// (en, fil) optionally followed by a region (en_US, pt_BR).
	templateLanguageRe = regexp.MustCompile(`^[a-z]{2,3}(_[A-Z]{2})?$`)
)

// maxTemplateName is the API's limit on a template name.
const maxTemplateName = 512

// templateExistsSubcode is Graph's subcode for "Message template already
// exists" (same name and language).
const templateExistsSubcode = 2388024

func (r *inviteTemplateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invite_template"
}

func (r *inviteTemplateResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A message template that carries a group invite link. When sent to a user with a " +
			"`group_id` body parameter, WhatsApp puts the group's current invite link into the message. " +
			"By default the template is the 360dialog library template `" + defaultLibraryTemplate + "`; set `components` " +
			"for a custom one. The API cannot edit templates, so changing any of `name`, `language`, `category`, " +
			"`library_template_name`, `library_template_button_inputs`, `components` or `allow_category_change` replaces the template, " +
			"except that setting `library_template_button_inputs` or `allow_category_change` where it was null (which the API cannot report, " +
			"so an import leaves it null) is recorded in place.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The template id as listed by the API.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Template name: lowercase letters, digits and underscores, at most 512 characters.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, maxTemplateName),
					stringvalidator.RegexMatches(templateNameRe, "must contain only lowercase letters, digits and underscores"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"language": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Locale code of the template, such as `en_US`, `de` or `pt_BR`.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(templateLanguageRe, "must be a locale code such as en_US, de or pt_BR"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"category": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(client.CategoryUtility),
				MarkdownDescription: "`UTILITY` (default), `MARKETING` or `AUTHENTICATION`. Library templates must be `UTILITY`. " +
					"When `allow_category_change` is `true`, WhatsApp may re-categorise the template; the configured category is kept " +
					"in state so that this does not replace the template.",
				Validators:    []validator.String{stringvalidator.OneOf(client.CategoryUtility, client.CategoryMarketing, client.CategoryAuthentication)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"library_template_name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Name of the Template Library template to copy. Defaults to `" + defaultLibraryTemplate +
					"` when `components` is not set. It may be set together with `components`, as 360dialog's own example does; " +
					"a library template must use category `UTILITY`.",
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
				},
				PlanModifiers: []planmodifier.String{libraryTemplateDefault{}, stringplanmodifier.RequiresReplace()},
			},
			"library_template_button_inputs": schema.StringAttribute{
				Optional:   true,
				CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "JSON array of the library template's button inputs (the business's website or phone number), " +
					"required when the library template has buttons, for example " +
					"`jsonencode([{ type = \"URL\", url = { base_url = \"https://example.com/{{1}}\", url_suffix_example = \"join\" } }])`. " +
					"Compared semantically: formatting changes are not changes.",
				Validators: []validator.String{
					jsonArrayValidator{},
					stringvalidator.ConflictsWith(path.MatchRoot("components")),
				},
				PlanModifiers: []planmodifier.String{jsonSemanticPlanModifier{}, stringRequiresReplaceIfPriorSet()},
			},
			"components": schema.StringAttribute{
				Optional:   true,
				CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "JSON array of the components (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`) of a custom template, " +
					"usually written with `jsonencode()`; may accompany `library_template_name`. Compared semantically: formatting " +
					"changes are not changes. A custom template stays `pending` until WhatsApp reviews it.",
				Validators: []validator.String{
					jsonArrayValidator{components: true},
				},
				PlanModifiers: []planmodifier.String{jsonSemanticPlanModifier{}, stringplanmodifier.RequiresReplace()},
			},
			"allow_category_change": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Let WhatsApp change the category during review instead of rejecting the template.",
				PlanModifiers:       []planmodifier.Bool{boolRequiresReplaceIfPriorSet()},
			},
			"wait_for_approval": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "When `true`, creation waits (within `timeouts.create`) until WhatsApp approves the template and fails " +
					"with the rejection reason if it is rejected. Default `false`: creation returns as soon as the template is submitted.",
			},
			"delete_all_languages": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "The API deletes a template by name, removing **every language** of that name. By default " +
					"(`false`) destroying the resource fails while another language of the same name exists, so one resource never " +
					"deletes another's template. Set it to `true` to delete all languages of the name.",
			},
			"status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Review status, lowercase: `approved`, `pending`, `rejected`, `paused`, `disabled`, ...",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"rejected_reason": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Why WhatsApp rejected the template; null unless it was rejected.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Delete: true}),
		},
	}
}

func (r *inviteTemplateResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *inviteTemplateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan inviteTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, timeout, ok := operationTimeout(ctx, plan.Timeouts.Create, r.data.timing.CreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	name, language := plan.Name.ValueString(), plan.Language.ValueString()
	created, ok := r.createTemplate(ctx, plan.createInput(), &resp.Diagnostics)
	if !ok {
		return
	}
	plan.ID, plan.Status = types.StringValue(created.ID), types.StringValue(created.Status)

	// From here on the template exists: any failure keeps it in state so
	// that Terraform taints it instead of orphaning it.
	listed, seen, err := r.awaitTemplate(ctx, name, language, plan.WaitForApproval.ValueBool())
	if seen {
		plan.applyListed(listed)
	}
	plan.nullUnknowns()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if err != nil {
		if ctx.Err() != nil {
			// A request cut short by the deadline may surface as a
			// transport error; what happened is the timeout.
			err = ctx.Err()
		}
		resp.Diagnostics.Append(r.awaitErrorDiag(name, language, plan, timeout, err))
	}
}

// createTemplate sends the create request and resolves an unclear outcome.
// A create whose answer was lost may have been carried out, and the listing
// may show a new template only after a while: the template is looked for
// (see findLostTemplate) before the request is sent again. Sending it again
// is safe because the API refuses a second template of the same name and
// language (subcode 2388024); that refusal after a lost answer means an
// earlier attempt created it, and it is adopted. ok is false when there is
// no template to record; diagnostics then say whether one may exist anyway.
func (r *inviteTemplateResource) createTemplate(ctx context.Context, in client.CreateTemplateInput, diags *diag.Diagnostics) (created client.CreateTemplateResult, ok bool) {
	name, language := in.Name, in.Language
	lost := func(how string) {
		diags.AddWarning("Template creation response was lost",
			fmt.Sprintf("The API's answer to creating %s/%s was lost, but %s, and it is assumed to be the one just created.", name, language, how))
	}
	unclear := false // an earlier attempt may have created the template
	for attempt := 1; ; attempt++ {
		res, err := r.data.client.CreateTemplate(ctx, in)
		switch {
		case err == nil:
			return res, true
		case client.IsAmbiguous(err):
			unclear = true
			tflog.Warn(ctx, "the template create response was lost; looking for the template before asking again",
				map[string]any{"name": name, "language": language, "attempt": attempt, "error": err.Error()})
			t, found, lerr := r.findLostTemplate(ctx, name, language)
			if found {
				lost("the template is listed now")
				return client.CreateTemplateResult{ID: t.ID, Status: t.Status, Category: t.Category}, true
			}
			if lerr != nil {
				diags.AddError("Unable to create the template",
					fmt.Sprintf("The API's answer to creating %s/%s was lost (%s), and looking for the template failed: %s\n\n"+
						"The template may exist. If the next apply reports that it already exists, import it with\n\n"+
						"  terraform import <address> %s/%s", name, language, describeError(err), describeError(lerr), name, language))
				return created, false
			}
			// Not listed after the wait: the request was not carried out.
		case unclear && isTemplateExists(err):
			var t client.Template
			lerr := r.pollTemplate(ctx, name, language, func(listed client.Template, found bool) (bool, error) {
				t = listed
				return found, nil
			})
			if lerr != nil {
				diags.AddError("Unable to create the template",
					fmt.Sprintf("The API's answer to creating %s/%s was lost, and asking again answered that the template already "+
						"exists, but it could not be read: %s\n\nImport it with\n\n  terraform import <address> %s/%s",
						name, language, describeError(lerr), name, language))
				return created, false
			}
			lost("asking again answered that it exists")
			return client.CreateTemplateResult{ID: t.ID, Status: t.Status, Category: t.Category}, true
		case isTemplateExists(err):
			diags.AddAttributeError(path.Root("name"), "Template already exists",
				fmt.Sprintf("A template named %q in language %s already exists on this account. Import it with\n\n"+
					"  terraform import <address> %s/%s\n\nor choose another name.\n\n%s", name, language, name, language, describeError(err)))
			return created, false
		default:
			diags.Append(apiErrorDiag("Unable to create the template", err))
			return created, false
		}
	}
}

// ambiguousTemplateLooks is how many listings must miss a template whose
// create answer was lost, besides Timing.AmbiguousCreateWait passing, before
// the create is sent again.
const ambiguousTemplateLooks = 3

// findLostTemplate looks for name+language after a create whose answer was
// lost. It gives up (found false, no error) once at least
// ambiguousTemplateLooks listings missed it and AmbiguousCreateWait has
// passed; an error means it could not tell (the create timeout ended, or
// listing failed).
func (r *inviteTemplateResource) findLostTemplate(ctx context.Context, name, language string) (t client.Template, found bool, err error) {
	start, looks := time.Now(), 0
	err = r.pollTemplate(ctx, name, language, func(listed client.Template, ok bool) (bool, error) {
		looks++
		t, found = listed, ok
		return found || (looks >= ambiguousTemplateLooks && time.Since(start) >= r.data.timing.AmbiguousCreateWait), nil
	})
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("it was not listed within the create timeout: %w", ctx.Err())
	}
	return t, found, err
}

// awaitErrorDiag explains a failed wait after the template was created.
func (r *inviteTemplateResource) awaitErrorDiag(name, language string, plan inviteTemplateModel, timeout time.Duration, err error) diag.Diagnostic {
	tainted := fmt.Sprintf("The template %s/%s exists and is kept in the state as tainted. %s", name, language,
		untaintAdvice(fmt.Sprintf("the template %s/%s (and, for a custom template, its review, which can take up to 24 hours)", name, language)))
	var review *templateReviewError
	switch {
	case errors.As(err, &review):
		return diag.NewErrorDiagnostic("Template not approved", fmt.Sprintf("%s.\n\nThe template %s/%s exists and is kept in the state as tainted: "+
			"the next apply deletes and recreates it. Change the template (for example its components) before applying again.", review, name, language))
	case errors.Is(err, context.DeadlineExceeded):
		what := "listed"
		if plan.WaitForApproval.ValueBool() {
			what = fmt.Sprintf("approved (status: %s)", plan.Status.ValueString())
		}
		return diag.NewErrorDiagnostic("Timed out waiting for the template",
			fmt.Sprintf("The template %s/%s was submitted but was not %s within %s. Review can take up to 24 hours; raise timeouts.create "+
				"or set wait_for_approval = false.\n\n%s", name, language, what, timeout, tainted))
	default:
		return diag.NewErrorDiagnostic("Template created, but it could not be read back", describeError(err)+"\n\n"+tainted)
	}
}

func (r *inviteTemplateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state inviteTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, language := state.Name.ValueString(), state.Language.ValueString()
	t, found, err := r.listTemplate(ctx, name, language)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Unable to read the template "+name+"/"+language, err))
		return
	}
	if !found {
		tflog.Info(ctx, "template no longer exists; removing it from state", map[string]any{"name": name, "language": language})
		resp.State.RemoveResource(ctx)
		return
	}
	// Category is null only right after an import; the other inputs are
	// then filled from what the API reports.
	if state.Category.IsNull() {
		state.applyImported(t)
	} else if !state.AllowCategoryChange.ValueBool() && t.Category != "" {
		// With allow_category_change WhatsApp may re-categorise the
		// template; keeping the configured value avoids replacing it
		// for a change the user allowed.
		state.Category = types.StringValue(strings.ToUpper(t.Category))
	}
	if t.LibraryTemplateName != "" {
		state.LibraryTemplateName = types.StringValue(t.LibraryTemplateName)
	}
	state.applyListed(t)
	if t.Status != templateStatusApproved && !templateInReview[t.Status] {
		resp.Diagnostics.AddWarning("Template not usable",
			fmt.Sprintf("The template %s/%s has status %q%s; messages using it will fail.", name, language, t.Status, reasonSuffix(t)))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only records the arguments that never reach the API
// (wait_for_approval, delete_all_languages, timeouts) or values set where
// there were none (after an import); every other API input change replaces.
func (r *inviteTemplateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state inviteTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.Status, plan.RejectedReason = state.ID, state.Status, state.RejectedReason
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *inviteTemplateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state inviteTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(requireConfigured(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, _, ok := operationTimeout(ctx, state.Timeouts.Delete, r.data.timing.DeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

	name, language := state.Name.ValueString(), state.Language.ValueString()
	// The API deletes by name, which removes every language of it: look at
	// what else shares the name before deleting anything.
	list, err := r.data.client.ListTemplates(ctx, client.TemplateFilter{Name: name})
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Unable to list the languages of template "+name, err))
		return
	}
	if _, found := findTemplate(list, name, language); !found {
		return // already gone; deleting by name now could only hit other languages
	}
	if others := otherLanguages(list, name, language); len(others) > 0 && !state.DeleteAllLanguages.ValueBool() {
		resp.Diagnostics.AddError("Refusing to delete other languages of the template",
			fmt.Sprintf("The API can only delete a template by name, which deletes every language of %q. Besides %s, it also exists in: %s. "+
				"Deleting it would destroy templates this resource does not manage.\n\n"+
				"Set delete_all_languages = true (and apply) to delete all languages of the name, for example when the other languages are "+
				"Terraform resources destroyed in the same run; or run `terraform state rm` to stop managing this template without deleting it.",
				name, language, strings.Join(others, ", ")))
		return
	}
	if err := r.data.client.DeleteTemplate(ctx, name); err != nil {
		// A retried DELETE whose first attempt succeeded answers "not
		// found"; what counts is whether the template is gone.
		if _, listed, lerr := r.listTemplate(ctx, name, language); lerr != nil || listed {
			resp.Diagnostics.Append(apiErrorDiag("Unable to delete the template "+name, err))
			return
		}
	}
	err = r.pollTemplate(ctx, name, language, func(_ client.Template, found bool) (bool, error) { return !found, nil })
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("The template "+name+" was deleted but is still listed", err))
	}
}

// ImportState takes "name/language", or "name/language/library_template_name"
// for a template copied from the Template Library: the listing may not say
// where a template came from, and a library template read as a custom one
// would be replaced by the first apply of a configuration that names its
// library template. The rest is read from the API.
func (r *inviteTemplateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := parseTemplateImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), id.name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("language"), id.language)...)
	if id.library != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("library_template_name"), id.library)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("wait_for_approval"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_all_languages"), false)...)
}

// templateImportKey is a parsed import id.
type templateImportKey struct{ name, language, library string }

// parseTemplateImportID splits and checks an import id
// "name/language[/library_template_name]".
func parseTemplateImportID(id string) (templateImportKey, error) {
	parts := strings.Split(id, "/")
	if len(parts) < 2 || len(parts) > 3 || slices.Contains(parts, "") {
		return templateImportKey{}, fmt.Errorf("import a template by name and language, followed by its library template name for a template "+
			"copied from the Template Library: terraform import d360_invite_template.example <name>/<language>[/<library_template_name>], "+
			"for example group_invite/en_US or group_invite/en_US/group_invite_link; got %q", id)
	}
	out := templateImportKey{name: parts[0], language: parts[1]}
	if len(parts) == 3 {
		out.library = parts[2]
	}
	if !templateNameRe.MatchString(out.name) || len(out.name) > maxTemplateName {
		return templateImportKey{}, fmt.Errorf("the name %q in import id %q must contain only lowercase letters, digits and underscores (at most %d)", out.name, id, maxTemplateName)
	}
	if !templateLanguageRe.MatchString(out.language) {
		return templateImportKey{}, fmt.Errorf("the language %q in import id %q must be a locale code such as en_US, de or pt_BR", out.language, id)
	}
	if out.library != "" && !templateNameRe.MatchString(out.library) {
		return templateImportKey{}, fmt.Errorf("the library template name %q in import id %q must contain only lowercase letters, digits and underscores", out.library, id)
	}
	return out, nil
}

// isTemplateExists reports the API's refusal of a duplicate name+language.
func isTemplateExists(err error) bool {
	var ae *client.APIError
	if !errors.As(err, &ae) {
		return false
	}
	return ae.Subcode == templateExistsSubcode ||
		strings.Contains(strings.ToLower(ae.Message+" "+ae.Details+" "+ae.Title), "already exists")
}

// createInput builds the API request from the plan.
func (m inviteTemplateModel) createInput() client.CreateTemplateInput {
	in := client.CreateTemplateInput{
		Name:                m.Name.ValueString(),
		Language:            m.Language.ValueString(),
		Category:            m.Category.ValueString(),
		LibraryTemplateName: m.LibraryTemplateName.ValueString(),
	}
	if !m.AllowCategoryChange.IsNull() && !m.AllowCategoryChange.IsUnknown() {
		v := m.AllowCategoryChange.ValueBool()
		in.AllowCategoryChange = &v
	}
	if s := m.LibraryTemplateButtonInputs.ValueString(); s != "" {
		in.LibraryTemplateButtonInputs = json.RawMessage(s)
	}
	if s := m.Components.ValueString(); s != "" {
		in.Components = json.RawMessage(s)
	}
	return in
}

// applyListed copies the API-owned values of a listing into the model.
func (m *inviteTemplateModel) applyListed(t client.Template) {
	if t.ID != "" {
		m.ID = types.StringValue(t.ID)
	}
	m.Status = types.StringValue(strings.ToLower(t.Status))
	if t.Status == templateStatusRejected && t.RejectedReason != "" {
		m.RejectedReason = types.StringValue(t.RejectedReason)
	} else {
		m.RejectedReason = types.StringNull()
	}
}

// applyImported fills the inputs of an imported template from the listing.
// Arguments the API does not report (allow_category_change, the library
// button inputs) stay null: the next apply records the configured values in
// place. The components are read for a custom template only: a library
// template (named by the listing or by the import id) keeps its components
// in the library.
func (m *inviteTemplateModel) applyImported(t client.Template) {
	m.Category = types.StringValue(strings.ToUpper(t.Category))
	if t.LibraryTemplateName != "" || !m.LibraryTemplateName.IsNull() {
		return
	}
	if len(t.Components) > 0 && string(t.Components) != "[]" && string(t.Components) != "null" {
		m.Components = jsontypes.NewNormalizedValue(string(t.Components))
	}
}

// nullUnknowns replaces values still unknown with null: state may not hold
// unknowns.
func (m *inviteTemplateModel) nullUnknowns() {
	if m.ID.IsUnknown() {
		m.ID = types.StringNull()
	}
	if m.Status.IsUnknown() {
		m.Status = types.StringNull()
	}
	if m.RejectedReason.IsUnknown() {
		m.RejectedReason = types.StringNull()
	}
	if m.LibraryTemplateName.IsUnknown() {
		m.LibraryTemplateName = types.StringNull()
	}
}

// reasonSuffix renders a rejection reason for messages.
func reasonSuffix(t client.Template) string {
	if t.RejectedReason == "" || strings.EqualFold(t.RejectedReason, "NONE") {
		return ""
	}
	return " (reason: " + t.RejectedReason + ")"
}
