package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// WhatsApp is rolling out business-scoped user ids and usernames
// (CONTRACT.md §3.3, open question 14): a participant or join request may
// carry wa_id (the phone number), user_id (a business-scoped id such as
// US.13491208655302741918), parent_user_id and username, and may omit
// wa_id. A user listed in approve by any of these is matched on whichever
// of them the API reports.

// bsuidPattern is a business-scoped user id: an ISO 3166 country code, a
// dot and an alphanumeric id.
var bsuidPattern = regexp.MustCompile(`^[A-Za-z]{2}\.[A-Za-z0-9]{1,128}$`)

// usernamePattern is a WhatsApp username as written in approve, after its
// leading "@": letters, digits, dots and underscores.
var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9._]{1,64}$`)

// normalizeUserEntry returns the key of a user listed in the configuration:
// the digits of a phone number, a business-scoped id with its country code
// in capitals, or "@" and a username in lower case (usernames are not case
// sensitive). Anything else is refused with a message saying what to write.
func normalizeUserEntry(s string) (string, error) {
	t := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(t, "@"):
		name := t[1:]
		if !usernamePattern.MatchString(name) {
			return "", fmt.Errorf("%q is not a WhatsApp username: after the \"@\" a username has only letters, digits, dots and underscores", s)
		}
		return usernameKey(name), nil
	case bsuidPattern.MatchString(t):
		return bsuidKey(t), nil
	}
	n, err := normalizeWaID(s)
	if err != nil && strings.ContainsFunc(t, isLetter) {
		return "", fmt.Errorf("%w; a business-scoped user id looks like US.13491208655302741918 and a username is written with a leading \"@\" (@alice)", err)
	}
	return n, err
}

func isLetter(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }

func bsuidKey(id string) string {
	id = strings.TrimSpace(id)
	if bsuidPattern.MatchString(id) {
		return strings.ToUpper(id[:2]) + id[2:]
	}
	return id
}

func usernameKey(name string) string {
	return "@" + strings.ToLower(strings.TrimPrefix(strings.TrimSpace(name), "@"))
}

// userIdentity is every identifier the API reports for one user.
type userIdentity struct {
	waID, userID, parentUserID, username string
}

func identityOfRequest(r client.JoinRequest) userIdentity {
	return userIdentity{waID: r.WaID, userID: r.UserID, parentUserID: r.ParentUserID, username: r.Username}
}

func identityOfParticipant(p client.Participant) userIdentity {
	return userIdentity{waID: p.WaID, userID: p.UserID, parentUserID: p.ParentUserID, username: p.Username}
}

// primary is how the provider shows the user: the phone number when the
// API reports one, otherwise the business-scoped id.
func (u userIdentity) primary() string {
	switch {
	case u.waID != "":
		return liveUserKey(u.waID)
	case u.userID != "":
		return bsuidKey(u.userID)
	case u.parentUserID != "":
		return bsuidKey(u.parentUserID)
	case u.username != "":
		return usernameKey(u.username)
	}
	return ""
}

// keys are the user's identifiers as approve entries normalise, in the
// order a match is reported: phone number, user id, parent user id,
// username.
func (u userIdentity) keys() []string {
	var out []string
	add := func(k string) {
		for _, o := range out {
			if o == k {
				return
			}
		}
		out = append(out, k)
	}
	if u.waID != "" {
		add(liveUserKey(u.waID))
	}
	if u.userID != "" {
		add(bsuidKey(u.userID))
	}
	if u.parentUserID != "" {
		add(bsuidKey(u.parentUserID))
	}
	if u.username != "" {
		add(usernameKey(u.username))
	}
	return out
}

// entryValidator checks one element of a list of people at plan time with
// the normaliser the attribute's entries go through, so that what the plan
// accepts is exactly what the apply can match or send to.
type entryValidator struct {
	description string // what an entry may be, for docs
	summary     string // the error's summary
	rule        string // what an entry may be, in the error's detail
	normalize   func(string) (string, error)
}

var _ validator.String = entryValidator{}

// userValidator accepts every way a person can be named in a membership
// policy; phoneNumberValidator only what a message can be sent to.
var (
	userValidator = entryValidator{
		description: "must be an international phone number, a WhatsApp id, a business-scoped user id (US.13491208655302741918) or a username with a leading \"@\"",
		summary:     "Invalid user",
		rule:        "an international phone number, a WhatsApp id, a business-scoped user id or a username",
		normalize:   normalizeUserEntry,
	}
	phoneNumberValidator = entryValidator{
		description: "must be an international phone number (digits, optionally with a leading \"+\", spaces, dashes, dots or parentheses)",
		summary:     "Invalid phone number",
		rule:        "an international phone number",
		normalize:   normalizeWaID,
	}
)

func (v entryValidator) Description(context.Context) string { return v.description }

func (v entryValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v entryValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := v.normalize(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary,
			fmt.Sprintf("Each entry of %s must be %s: %s.", parentAttribute(req.Path.String()), v.rule, err))
	}
}

// identityAttrs renders the optional identifiers (null when the API does not
// report them).
func identityAttrs(u userIdentity) map[string]attr.Value {
	opt := func(s string) types.String {
		if s == "" {
			return types.StringNull()
		}
		return types.StringValue(s)
	}
	return map[string]attr.Value{"user_id": opt(u.userID), "parent_user_id": opt(u.parentUserID), "username": opt(u.username)}
}

// Descriptions of the identifiers, shared by every schema that shows users.
const (
	userIDDescription       = "The user's business-scoped user id (such as `US.13491208655302741918`), when the API reports one."
	parentUserIDDescription = "The user's parent business-scoped user id, when the API reports one."
	usernameDescription     = "The user's WhatsApp username (without the `@`), when the API reports one."
)
