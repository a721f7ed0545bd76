package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/d360/terraform-provider-d360/internal/client"
)

var (
	_ action.ActionWithConfigure      = (*sendGroupInviteAction)(nil)
	_ action.ActionWithValidateConfig = (*sendGroupInviteAction)(nil)
)

// defaultInviteTemplateLanguage is the language of the library group invite
// template when template_language is left out.
const defaultInviteTemplateLanguage = "en_US"

// maxInviteRecipients bounds one invocation: sending is sequential and not
// idempotent, so a huge list is better split into several invocations.
const maxInviteRecipients = 1000

// NewSendGroupInviteAction is the constructor of the action
// d360_send_group_invite (Terraform 1.14+): it sends the approved group
// invite template with a group's link to a list of WhatsApp users.
func NewSendGroupInviteAction() action.Action { return &sendGroupInviteAction{} }

type sendGroupInviteAction struct {
	data *providerData
}

type sendGroupInviteModel struct {
	GroupID          types.String `tfsdk:"group_id"`
	TemplateName     types.String `tfsdk:"template_name"`
	TemplateLanguage types.String `tfsdk:"template_language"`
	To               types.List   `tfsdk:"to"`
}

func (a *sendGroupInviteAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_send_group_invite"
}

func (a *sendGroupInviteAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends the approved group invite template (see `d360_invite_template`) with a group's current " +
			"invite link to WhatsApp users who asked to join (Terraform 1.14+: `terraform apply " +
			"-invoke=action.d360_send_group_invite.<name>` or an `action_trigger`). Before sending anything it checks every " +
			"number, that the template exists in that language and is approved, and that the group exists. Each recipient " +
			"gets at most one message per invocation, and each result (message id or error) is reported.\n\n" +
			"**Sending is not idempotent**: every invocation sends again. A send whose outcome is unclear (the connection " +
			"broke or the API failed after the request was sent) is never repeated; it is reported as unclear, because " +
			"the user may or may not have received the message.",
		Attributes: map[string]schema.Attribute{
			"group_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the group whose invite link is sent, usually `d360_group.<name>.id`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), trimmedValidator{}},
			},
			"template_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The name of an approved group invite template, usually `d360_invite_template.<name>.name`.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, maxTemplateName),
					stringvalidator.RegexMatches(templateNameRe, "must contain only lowercase letters, digits and underscores"),
				},
			},
			"template_language": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The language of the template. Defaults to `" + defaultInviteTemplateLanguage + "`.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(templateLanguageRe, "must be a locale code such as en_US, de or pt_BR"),
				},
			},
			"to": schema.ListAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: fmt.Sprintf("The phone numbers to send the invite to, in international format as users "+
					"write them (`+1 (555) 010-0001`, `15550100001`). Between 1 and %d; two spellings of the same number "+
					"are refused.", maxInviteRecipients),
				Validators: []validator.List{
					listvalidator.SizeBetween(1, maxInviteRecipients),
					listvalidator.ValueStringsAre(phoneNumberValidator),
				},
			},
		},
	}
}

func (a *sendGroupInviteAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	a.data = data
}

// ValidateConfig refuses two spellings of one number at plan time: the user
// would get the invite twice.
func (a *sendGroupInviteAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m sendGroupInviteModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.To.IsNull() || m.To.IsUnknown() {
		return
	}
	// The element validator already reports malformed numbers.
	_, diags := inviteRecipients(ctx, m.To, false)
	resp.Diagnostics.Append(diags...)
}

// inviteRecipient is one number of `to` and its WhatsApp id.
type inviteRecipient struct {
	written string
	waID    string
}

// inviteRecipients checks and normalises `to`. Unknown elements are skipped
// (they are checked again at invoke time, when everything is known);
// malformed numbers are reported when reportInvalid is set.
func inviteRecipients(ctx context.Context, to types.List, reportInvalid bool) ([]inviteRecipient, diag.Diagnostics) {
	var diags diag.Diagnostics
	var elems []types.String
	diags.Append(to.ElementsAs(ctx, &elems, false)...)
	if diags.HasError() {
		return nil, diags
	}
	seen := map[string]string{}
	var out []inviteRecipient
	for i, e := range elems {
		if e.IsNull() || e.IsUnknown() {
			continue
		}
		waID, err := normalizeWaID(e.ValueString())
		if err != nil {
			if !reportInvalid {
				continue
			}
			diags.AddAttributeError(path.Root("to").AtListIndex(i), "Invalid phone number",
				fmt.Sprintf("Each entry of to must be an international phone number: %s.", err))
			continue
		}
		if first, dup := seen[waID]; dup {
			diags.AddAttributeError(path.Root("to").AtListIndex(i), "Duplicate recipient",
				fmt.Sprintf("%q and %q are the same WhatsApp user (%s); list each user once, so nobody gets the invite twice.",
					first, e.ValueString(), waID))
			continue
		}
		seen[waID] = e.ValueString()
		out = append(out, inviteRecipient{written: e.ValueString(), waID: waID})
	}
	return out, diags
}

// sendOutcome is the result of one recipient.
type sendOutcome struct {
	recipient inviteRecipient
	messageID string
	err       error
	unclear   bool
	skipped   bool // not attempted: the invocation stopped first
}

func (a *sendGroupInviteAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m sendGroupInviteModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	resp.Diagnostics.Append(requireConfigured(a.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	recipients, diags := inviteRecipients(ctx, m.To, true)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	language := m.TemplateLanguage.ValueString()
	if language == "" {
		language = defaultInviteTemplateLanguage
	}
	groupID, name := m.GroupID.ValueString(), m.TemplateName.ValueString()

	// Everything that can be checked is checked before the first send.
	resp.Diagnostics.Append(a.checkTemplate(ctx, name, language)...)
	resp.Diagnostics.Append(a.checkGroup(ctx, groupID)...)
	if resp.Diagnostics.HasError() {
		return
	}

	progress := func(msg string) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
	outcomes := make([]sendOutcome, 0, len(recipients))
	for i, r := range recipients {
		if ctx.Err() != nil {
			for _, rest := range recipients[i:] {
				outcomes = append(outcomes, sendOutcome{recipient: rest, skipped: true})
			}
			break
		}
		// Each recipient is sent exactly once: the client never repeats a
		// send whose outcome is unclear, and nothing here sends again.
		res, err := a.data.client.SendTemplate(ctx, client.SendTemplateInput{
			To: r.waID, TemplateName: name, TemplateLanguage: language, GroupID: groupID,
		})
		o := sendOutcome{recipient: r, messageID: res.MessageID, err: err, unclear: client.IsAmbiguous(err)}
		outcomes = append(outcomes, o)
		progress(o.line())
		tflog.Info(ctx, "group invite send", map[string]any{"recipient": r.waID, "message_id": res.MessageID, "ok": err == nil})
	}
	if d := summarizeInvites(outcomes, groupID); d != nil {
		resp.Diagnostics.Append(d)
	}
}

// checkTemplate requires the template in that language to exist and be
// approved: the API would refuse every send otherwise.
func (a *sendGroupInviteAction) checkTemplate(ctx context.Context, name, language string) diag.Diagnostics {
	var diags diag.Diagnostics
	templates, err := a.data.client.ListTemplates(ctx, client.TemplateFilter{Name: name, Language: language})
	if err != nil {
		diags.Append(apiErrorDiag("Unable to check the invite template "+name, err))
		return diags
	}
	for _, t := range templates {
		if t.Name != name || !strings.EqualFold(t.Language, language) {
			continue
		}
		if !strings.EqualFold(t.Status, "approved") {
			diags.AddAttributeError(path.Root("template_name"), "Invite template not approved",
				fmt.Sprintf("The template %s (%s) has status %q; only an approved template can be sent. Nothing was sent.",
					name, language, t.Status))
		}
		return diags
	}
	diags.AddAttributeError(path.Root("template_name"), "Invite template not found",
		fmt.Sprintf("No template %s exists in language %s. Create it with d360_invite_template (set template_language "+
			"if it is not %s). Nothing was sent.", name, language, defaultInviteTemplateLanguage))
	return diags
}

func (a *sendGroupInviteAction) checkGroup(ctx context.Context, groupID string) diag.Diagnostics {
	var diags diag.Diagnostics
	g, err := a.data.client.GetGroup(ctx, groupID, "suspended")
	switch {
	case client.IsNotFound(err):
		diags.AddAttributeError(path.Root("group_id"), "Group not found",
			"The group "+groupID+" does not exist, or the phone number of the API key is not a member of it. Nothing was sent.")
	case err != nil:
		diags.Append(apiErrorDiag("Unable to check the group "+groupID, err))
	case bool(g.Suspended):
		diags.AddAttributeError(path.Root("group_id"), "Group suspended",
			"The group "+groupID+" is suspended by WhatsApp; its invite link cannot be used. Nothing was sent.")
	}
	return diags
}

func (o sendOutcome) line() string {
	who := o.recipient.written
	switch {
	case o.skipped:
		return who + ": not sent (the invocation stopped before this recipient)"
	case o.unclear:
		return who + ": UNCLEAR, the message may or may not have been sent; check with the user before sending again (" + describeError(o.err) + ")"
	case o.err != nil:
		return who + ": failed: " + describeError(o.err)
	case o.messageID != "":
		return who + ": sent, message id " + o.messageID
	default:
		return who + ": sent"
	}
}

// summarizeInvites reports the invocation: nothing when every recipient got
// the invite (the progress lines name each message id), otherwise an error
// listing every recipient's result, so the user knows exactly whom not to
// send to again.
func summarizeInvites(outcomes []sendOutcome, groupID string) diag.Diagnostic {
	var sent, failed, unclear, skipped int
	lines := make([]string, 0, len(outcomes))
	for _, o := range outcomes {
		switch {
		case o.skipped:
			skipped++
		case o.unclear:
			unclear++
		case o.err != nil:
			failed++
		default:
			sent++
		}
		lines = append(lines, "  "+o.line())
	}
	if failed+unclear+skipped == 0 {
		return nil
	}
	return diag.NewErrorDiagnostic("Some group invites were not sent",
		fmt.Sprintf("Invites to group %s: %d sent, %d failed, %d unclear, %d not attempted.\n\n%s\n\n"+
			"Sending is not idempotent: invoking the action again sends to every listed number again. List only the "+
			"numbers that failed or were not attempted.", groupID, sent, failed, unclear, skipped, strings.Join(lines, "\n")))
}
