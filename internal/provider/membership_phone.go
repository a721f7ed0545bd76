package provider

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/nyaruka/phonenumbers"
)

// trunkPrefixPattern finds "(0)" written right after a country code, as in
// "+49 (0)151 1234567" or "+44 (0)20 7946 0958": a spelling common in
// Germany, Austria, Switzerland and the UK, where the 0 is dialled only
// inside the country. Kept, it would turn into a number nobody has.
var trunkPrefixPattern = regexp.MustCompile(`^(\s*\+?\s*\d{1,3})\s*\(\s*0\s*\)`)

// dropTrunkPrefix removes a "(0)" that follows the country code.
func dropTrunkPrefix(s string) string {
	return trunkPrefixPattern.ReplaceAllString(s, "$1 ")
}

// phoneNumberProblem reports why digits (a normalised international number)
// cannot be a phone number, according to libphonenumber's metadata
// (github.com/nyaruka/phonenumbers): an unknown country code, a length no
// number of that country has, or a trunk prefix after the country code. It
// checks what is impossible, not whether the number is allocated: metadata
// lags behind new number ranges, and fictional numbers such as the 555-01xx
// range are harmless. It reports nothing for possible numbers.
func phoneNumberProblem(digits string) (string, bool) {
	num, err := phonenumbers.Parse("+"+digits, "")
	if err != nil {
		return fmt.Sprintf("it does not start with a known country code (%s)", err), true
	}
	cc := int(num.GetCountryCode())
	region := phonenumbers.GetRegionCodeForCountryCode(cc)
	if e164 := phonenumbers.Format(num, phonenumbers.E164); e164 != "+"+digits {
		// The library drops a trunk prefix written after the country code
		// ("+49 0151..."); WhatsApp does not, so the number reaches nobody.
		return fmt.Sprintf("the digits after the country code +%d start with a trunk prefix dialled only inside the country: the number is %s", cc, e164), true
	}
	switch phonenumbers.IsPossibleNumberWithReason(num) {
	case phonenumbers.IS_POSSIBLE:
		return "", false
	case phonenumbers.INVALID_COUNTRY_CODE:
		return fmt.Sprintf("+%d is not a country code in use", cc), true
	case phonenumbers.TOO_LONG:
		return fmt.Sprintf("it is too long for country code +%d (%s)", cc, region), true
	default: // too short, or only dialable inside the country
		return fmt.Sprintf("it is too short for country code +%d (%s): check the number of digits", cc, region), true
	}
}

// warnImplausibleNumbers warns, at plan time, about each phone number of
// approve that cannot be valid for its country code: such an entry matches
// nobody, silently.
func warnImplausibleNumbers(entries []string, diags *diag.Diagnostics) {
	for _, e := range slices.Sorted(slices.Values(entries)) {
		key, err := normalizeUserEntry(e)
		if err != nil || !isDigits(key) {
			continue
		}
		if problem, bad := phoneNumberProblem(key); bad {
			diags.AddAttributeWarning(path.Root("approve"), "Phone number that cannot match anyone",
				fmt.Sprintf("approve lists %q (read as +%s), but %s. An entry that is not a real number matches no user. "+
					"Write the number in international format: +<country code> <number>, without the 0 that is dialled only inside the country.",
					e, key, problem))
		}
	}
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
