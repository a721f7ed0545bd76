package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestNormalizeWaID(t *testing.T) {
	valid := map[string]string{
		"15550100001":        "15550100001",
		"+15550100001":       "15550100001",
		"+1 555 010 0001":    "15550100001",
		"+1 (555) 010-0001":  "15550100001",
		"1.555.010.0001":     "15550100001",
		" +44 20 7946 0958 ": "442079460958",
		"+290 1234":          "2901234",         // 7 digits: the shortest numbers in use
		"123456789012345":    "123456789012345", // 15 digits: the E.164 maximum
	}
	for in, want := range valid {
		got, err := normalizeWaID(in)
		if err != nil || got != want {
			t.Errorf("normalizeWaID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}

	invalid := map[string]string{
		"":                    "must not be empty",
		"   ":                 "must not be empty",
		"abc":                 `contains 'a'`,
		"1555O100001":         `contains 'O'`,
		"+1555/0100001":       `contains '/'`,
		"US.13491208655302":   `contains 'U'`,
		"1+5550100001":        `"+" that is not at the start`,
		"++15550100001":       `"+" that is not at the start`,
		"+-()":                "contains no digits",
		"020 7946 0958":       "starts with 0",
		"0044 20 7946 0958":   "starts with 0",
		"+123456":             "has 6 digits",
		"1234567890123456":    "has 16 digits",
		"+1 555 010 0001 ext": `contains 'e'`,
	}
	for in, want := range invalid {
		got, err := normalizeWaID(in)
		if err == nil {
			t.Errorf("normalizeWaID(%q) = %q, want an error containing %q", in, got, want)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("normalizeWaID(%q) error %q does not contain %q", in, err, want)
		}
	}
}

func TestLiveUserKey(t *testing.T) {
	if got := liveUserKey("+1 555 010 0001"); got != "15550100001" {
		t.Errorf("phone number key = %q", got)
	}
	// A business-scoped user id is not a phone number: kept as is, so it
	// never matches a listed number by accident.
	if got := liveUserKey("US.13491208655302741918"); got != "US.13491208655302741918" {
		t.Errorf("user id key = %q", got)
	}
}

func TestWaIDValidator(t *testing.T) {
	p := path.Root("approve").AtSetValue(types.StringValue("abc"))
	for _, tc := range []struct {
		value   types.String
		wantErr bool
	}{
		{types.StringValue("+1 555 010 0001"), false},
		{types.StringNull(), false},
		{types.StringUnknown(), false},
		{types.StringValue("abc"), true},
		{types.StringValue("0555 010 0001"), true},
	} {
		resp := &validator.StringResponse{}
		waIDValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: tc.value}, resp)
		if resp.Diagnostics.HasError() != tc.wantErr {
			t.Errorf("%s: errors %v, want error %v", tc.value, resp.Diagnostics, tc.wantErr)
			continue
		}
		if tc.wantErr {
			detail := resp.Diagnostics.Errors()[0].Detail()
			if !strings.HasPrefix(detail, "Each entry of approve must be") {
				t.Errorf("detail does not name the attribute: %q", detail)
			}
		}
	}
}
