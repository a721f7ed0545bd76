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
		// A trunk prefix written after the country code is dropped.
		"+49 (0)151 1234567":   "491511234567",
		"+44 (0) 20 7946 0958": "442079460958",
		"+41(0)44 668 18 00":   "41446681800",
		"43 (0)1 5123456":      "4315123456",
		"+290 1234":            "2901234",         // 7 digits: the shortest numbers in use
		"123456789012345":      "123456789012345", // 15 digits: the E.164 maximum
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

func TestUserValidator(t *testing.T) {
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
		{types.StringValue("US.13491208655302741918"), false},
		{types.StringValue("@alice.smith"), false},
		{types.StringValue("@"), true},
	} {
		resp := &validator.StringResponse{}
		userValidator.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: tc.value}, resp)
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

func TestNormalizeUserEntry(t *testing.T) {
	valid := map[string]string{
		"+1 555 010 0001":         "15550100001",
		"+49 (0)151 1234567":      "491511234567",
		"US.13491208655302741918": "US.13491208655302741918",
		"us.13491208655302741918": "US.13491208655302741918",
		" US.1349 ":               "US.1349",
		"@Alice.Smith":            "@alice.smith",
		"@bob_1":                  "@bob_1",
	}
	for in, want := range valid {
		if got, err := normalizeUserEntry(in); err != nil || got != want {
			t.Errorf("normalizeUserEntry(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	invalid := map[string]string{
		"alice":         "a username is written with a leading",
		"@":             "is not a WhatsApp username",
		"@al ice":       "is not a WhatsApp username",
		"USA.1349":      "business-scoped user id looks like",
		"1555O100001":   `contains 'O'`,
		"020 7946 0958": "starts with 0",
	}
	for in, want := range invalid {
		_, err := normalizeUserEntry(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("normalizeUserEntry(%q) error %v, want one containing %q", in, err, want)
		}
	}
}

func TestUserIdentityKeysAndMatch(t *testing.T) {
	both := userIdentity{waID: "15550100003", userID: "US.333", parentUserID: "US.999", username: "Carol"}
	if got := strings.Join(both.keys(), " "); got != "15550100003 US.333 US.999 @carol" {
		t.Errorf("keys %q", got)
	}
	if both.primary() != "15550100003" || (userIdentity{userID: "US.1", username: "a"}).primary() != "US.1" {
		t.Error("primary")
	}
	p := newMembershipPolicy([]string{"US.999", "@carol"}, false, false)
	if k, ok := p.match(both); !ok || k != "US.999" {
		t.Errorf("match = %q, %v; want the first listed identifier in the order wa_id, user_id, parent_user_id, username", k, ok)
	}
	if _, ok := newMembershipPolicy([]string{"+1 555 010 0009"}, false, false).match(both); ok {
		t.Error("matched an unlisted user")
	}
}

func TestPhoneNumberProblem(t *testing.T) {
	// Possible numbers, including fictional ones (555-01xx) and "+49 (0)151 1234567" without its (0).
	for _, ok := range []string{"4915112345678", "491511234567", "442079460958", "41446681800", "14155552671", "15550100001"} {
		if problem, bad := phoneNumberProblem(ok); bad {
			t.Errorf("%s: %s", ok, problem)
		}
	}
	for in, want := range map[string]string{
		"49015112345678": "trunk prefix dialled only inside the country: the number is +4915112345678", // "+49 0151..." read with the 0
		"155501000011":   "too long for country code +1 (US)",
		"1555010":        "too short for country code +1 (US)",
		"9991234567":     "known country code",
	} {
		problem, bad := phoneNumberProblem(in)
		if !bad || !strings.Contains(problem, want) {
			t.Errorf("%s: %q, %v; want a problem containing %q", in, problem, bad, want)
		}
	}
}
