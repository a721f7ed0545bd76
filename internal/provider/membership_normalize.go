package provider

import (
	"fmt"
	"strings"
)

// A WhatsApp id is the user's phone number in international format without
// the "+": the country code (never starting with 0) followed by the
// subscriber number, at most 15 digits (E.164). The shortest numbers in use
// have 7 digits.
const (
	minWaIDDigits = 7
	maxWaIDDigits = 15
)

// waIDSeparators are the characters people write inside phone numbers. They
// carry no meaning, so "+1 (555) 010-0001", "1.555.010.0001" and
// "15550100001" all name the same user.
const waIDSeparators = " -().\t"

// normalizeWaID returns the WhatsApp id a phone number or WhatsApp id names:
// its digits only, without a trunk prefix "(0)" written after the country
// code. Anything that is not unambiguously an international
// number is refused, with a message that says what to write instead.
func normalizeWaID(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("must not be empty")
	}
	var b strings.Builder
	sawPlus := false
	for _, r := range dropTrunkPrefix(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+':
			if sawPlus || b.Len() > 0 {
				return "", fmt.Errorf("%q has a \"+\" that is not at the start; write the number as +<country code><number>, for example +15550100001", s)
			}
			sawPlus = true
		case strings.ContainsRune(waIDSeparators, r):
		default:
			return "", fmt.Errorf("%q contains %q; a WhatsApp id or phone number may only contain digits, a leading \"+\", spaces, dashes, dots and parentheses", s, r)
		}
	}
	digits := b.String()
	switch {
	case digits == "":
		return "", fmt.Errorf("%q contains no digits", s)
	case digits[0] == '0':
		return "", fmt.Errorf("%q starts with 0: write it in international format with the country code and without a trunk or international prefix (for example +44 20 7946 0958, not 020 7946 0958 or 0044 20 7946 0958)", s)
	case len(digits) < minWaIDDigits || len(digits) > maxWaIDDigits:
		return "", fmt.Errorf("%q has %d digits; an international phone number (country code included) has %d to %d", s, len(digits), minWaIDDigits, maxWaIDDigits)
	}
	return digits, nil
}

// liveUserKey is the key used to match a user the API reports (a wa_id, or a
// business-scoped user id once WhatsApp rolls those out) against the
// configured list. Ids that are not phone numbers are kept as they are, so
// they can never be mistaken for a listed number.
func liveUserKey(id string) string {
	if n, err := normalizeWaID(id); err == nil {
		return n
	}
	return id
}

// parentAttribute turns a set element path such as approve[Value("x")] into
// the attribute name users wrote.
func parentAttribute(p string) string {
	if i := strings.IndexByte(p, '['); i > 0 {
		return p[:i]
	}
	return p
}
