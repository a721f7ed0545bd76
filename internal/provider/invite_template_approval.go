package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// Template statuses, lowercase (CONTRACT.md §9.2: 360dialog lists them in
// lowercase, Meta in uppercase; the client lower-cases both).
const (
	templateStatusApproved = "approved"
	templateStatusRejected = "rejected"
)

// templateInReview holds the statuses from which a template may still be
// approved; waiting for approval continues while the template is in one.
var templateInReview = map[string]bool{
	"": true, "created": true, "submitted": true, "pending": true, "in_appeal": true,
}

// templateGone holds statuses of a template that is listed but on its way
// out; the resource treats it as deleted.
var templateGone = map[string]bool{"deleted": true, "pending_deletion": true}

// findTemplate picks the live template name+language out of a listing.
// Languages compare case-insensitively because the API's casing of locale
// codes is not documented.
func findTemplate(list []client.Template, name, language string) (client.Template, bool) {
	for _, t := range list {
		if t.Name == name && strings.EqualFold(t.Language, language) && !templateGone[t.Status] {
			return t, true
		}
	}
	return client.Template{}, false
}

// otherLanguages lists the live languages of name other than language.
func otherLanguages(list []client.Template, name, language string) []string {
	var out []string
	for _, t := range list {
		if t.Name == name && !strings.EqualFold(t.Language, language) && !templateGone[t.Status] {
			out = append(out, t.Language)
		}
	}
	return out
}

// templateReviewError says that review ended without an approval.
type templateReviewError struct {
	Status string
	Reason string
}

func (e *templateReviewError) Error() string {
	if e.Status == templateStatusRejected {
		return fmt.Sprintf("WhatsApp rejected the template (rejected_reason: %s)", e.Reason)
	}
	return fmt.Sprintf("the template's review ended with status %q instead of approved", e.Status)
}

// reviewOutcome reports whether waiting for approval is over: done when
// approved, an error when the review ended otherwise.
func reviewOutcome(t client.Template) (bool, error) {
	switch {
	case t.Status == templateStatusApproved:
		return true, nil
	case templateInReview[t.Status]:
		return false, nil
	default:
		return false, &templateReviewError{Status: t.Status, Reason: t.RejectedReason}
	}
}

// listTemplate reads the listing of name+language once.
func (r *inviteTemplateResource) listTemplate(ctx context.Context, name, language string) (client.Template, bool, error) {
	list, err := r.data.client.ListTemplates(ctx, client.TemplateFilter{Name: name, Language: language})
	if err != nil {
		return client.Template{}, false, err
	}
	t, found := findTemplate(list, name, language)
	return t, found, nil
}

// pollTemplate is the one poller of every wait on the template listing
// (a create, a lost create answer, a review, a delete): it lists
// name+language until done says the wait is over, within ctx.
func (r *inviteTemplateResource) pollTemplate(ctx context.Context, name, language string, done func(t client.Template, found bool) (bool, error)) error {
	return pollUntil(ctx, r.data.timing, func(ctx context.Context) (bool, error) {
		t, found, err := r.listTemplate(ctx, name, language)
		if err != nil {
			return false, err
		}
		return done(t, found)
	})
}

// awaitTemplate polls the listing until the new template shows up and, when
// approval is awaited, until its review ends. It returns the last listing of
// the template (seen is false if it never showed up) so that the caller can
// save what it knows even when the wait fails.
func (r *inviteTemplateResource) awaitTemplate(ctx context.Context, name, language string, approval bool) (last client.Template, seen bool, err error) {
	err = r.pollTemplate(ctx, name, language, func(t client.Template, found bool) (bool, error) {
		if !found {
			return false, nil
		}
		last, seen = t, true
		if !approval {
			return true, nil
		}
		return reviewOutcome(t)
	})
	return last, seen, err
}
