package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// trimmedValidator rejects values with leading or trailing whitespace and
// whitespace-only values. The API trims subjects, so an untrimmed value
// would come back different and cause a perpetual diff; refusing it at plan
// time is clearer than silently changing what the user wrote.
type trimmedValidator struct{}

func (trimmedValidator) Description(context.Context) string {
	return "must not be blank or start or end with whitespace"
}

func (v trimmedValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (trimmedValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	switch {
	case s == "":
		return // length validators report empty values
	case strings.TrimSpace(s) == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Blank value",
			fmt.Sprintf("%s must contain non-whitespace characters.", req.Path))
	case strings.TrimFunc(s, unicode.IsSpace) != s:
		resp.Diagnostics.AddAttributeError(req.Path, "Leading or trailing whitespace",
			fmt.Sprintf("%s %q starts or ends with whitespace. The API trims it, which would make every plan show a change; remove the whitespace (for example with trimspace()).", req.Path, s))
	}
}
