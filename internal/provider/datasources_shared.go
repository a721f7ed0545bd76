package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// Helpers shared by the data sources d360_groups, d360_group and
// d360_group_join_requests.

// groupReadError turns a failed read of one group into a diagnostic. An
// unknown group is said plainly, with the API's own words kept below.
func groupReadError(summary, groupID string, err error) diag.Diagnostic {
	if client.IsNotFound(err) {
		return diag.NewErrorDiagnostic("Group not found",
			fmt.Sprintf("There is no group with id %q: it does not exist, was deleted, or the business is no longer a member of it.\n\n%s",
				groupID, err))
	}
	return apiErrorDiag(summary, err)
}

// groupIDValidators check a group id given as input. Group ids are opaque
// strings, but an empty one or one with whitespace can only be a mistake and
// is refused before any API call.
func groupIDValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthAtLeast(1),
		stringvalidator.RegexMatches(regexp.MustCompile(`^\S+$`), "must not contain whitespace"),
	}
}

// regexpValidator checks at plan time that a string compiles as a Go (RE2)
// regular expression, so a typo fails the plan instead of a later read.
type regexpValidator struct{}

var _ validator.String = regexpValidator{}

func (regexpValidator) Description(context.Context) string {
	return "must be a valid RE2 regular expression"
}

func (v regexpValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regexpValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("%s is not a valid RE2 regular expression (the syntax of Terraform's regex function): %s.", req.Path, err))
	}
}
