package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image/jpeg"
	"strings"
	"unicode/utf8"
)

// Limits from CONTRACT §1.3.
const (
	maxSubject      = 128
	maxDescription  = 2048
	minPictureSide  = 192
	maxRemoveInputs = 8
)

const (
	modeAuto     = "auto_approve"
	modeApproval = "approval_required"
)

// validateSubject trims whitespace ("Whitespace is trimmed") and checks the
// 1..128 character rule.
func validateSubject(s string) (string, *apiError) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errParam("Param subject must not be empty")
	}
	if utf8.RuneCountInString(s) > maxSubject {
		return "", errParam("Param subject must be at most %d characters long", maxSubject)
	}
	return s, nil
}

func validateDescription(s string) *apiError {
	if utf8.RuneCountInString(s) > maxDescription {
		return errParam("Param description must be at most %d characters long", maxDescription)
	}
	return nil
}

func validateMode(m string) *apiError {
	if m != modeAuto && m != modeApproval {
		return errParam("Param join_approval_mode must be one of {%s, %s}", modeApproval, modeAuto)
	}
	return nil
}

// validatePicture applies the profile picture rules: JPEG only, at most 5 MB,
// square, at least 192x192 (192 itself is allowed, CONTRACT §7.2 [X]). Only
// the header is decoded: it carries everything the rules need.
func validatePicture(data []byte) (sha string, aerr *apiError) {
	if len(data) > maxPictureBytes {
		return "", errParam("The file is larger than 5 MB")
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", errParam("The file must be an image of type image/jpeg")
	}
	if cfg.Width != cfg.Height {
		return "", errCode(131209, "Width and height of the group profile picture must be equal")
	}
	if cfg.Width < minPictureSide {
		return "", errCode(131210, "Width and height must be at least 192px")
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// normalizeUser turns a phone number written with "+", spaces, dashes or
// parentheses into the digits of a wa_id.
func normalizeUser(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '+', ' ', '-', '(', ')':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}
