package provider

import (
	"errors"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// adviceByCode says what a user can do about an API error code
// (CONTRACT.md §7.2, §7.3). Codes without advice show the API's own words.
var adviceByCode = map[int]string{
	client.CodeGroupUnknown:          "The group does not exist or the business is no longer a member of it.",
	client.CodeInvalidCursor:         "The list cursor expired; run the command again.",
	client.CodeDuplicateParticipant:  "The same participant is listed twice.",
	client.CodeParticipantOverlimit:  "The group is full: the documented limit is 8 participants (whether the business counts is not documented).",
	client.CodeGroupSuspended:        "WhatsApp suspended this group for a policy violation; it cannot be changed until the suspension is cleared.",
	client.CodeGroupRateLimit:        "Too many group operations from this number; the provider backed off and retried. Lower -parallelism or try again later.",
	client.CodePictureAspectRatio:    "The profile picture must be square.",
	client.CodePictureTooSmall:       "The profile picture must be at least 192x192 pixels.",
	client.CodeGroupCreateLimit:      "This number already has the maximum of 10,000 groups. Delete groups you no longer need before creating more.",
	client.CodeGroupCreationDisabled: "WhatsApp temporarily disabled group creation for this account because of excessive marketing messages in the customer service window over the past 7 days. Wait and try again later.",
	client.CodeNumberNotEligible:     "This phone number may not use the Groups API. It must be an Official Business Account on the Cloud API (not Coexistence). Check the number's eligibility with 360dialog.",
	client.CodeTermsNotAccepted:      "The user has not accepted WhatsApp's current Terms of Service.",
	client.CodeNotAParticipant:       "The user is not a participant of the group.",
	client.CodeJoinRequestUnknown:    "The join request no longer exists (it was withdrawn or already handled).",
	4:                                "The app reached its API call rate limit; try again later.",
	80007:                            "The WhatsApp Business Account reached its rate limit; try again later.",
	// Graph's authentication and permission codes (CONTRACT.md §7.1),
	// answered by Meta's Cloud API (the meta backend).
	104: "No access token reached the Cloud API. Set WHATSAPP_ACCESS_TOKEN or the provider's access_token.",
	190: "The Cloud API did not accept the access token: it is invalid, expired or was revoked (a user token expires within hours). " +
		"Check WHATSAPP_ACCESS_TOKEN or the provider's access_token; use a system user token.",
	200: "The access token lacks a permission: it needs whatsapp_business_management (templates) and whatsapp_business_messaging (groups), " +
		"and its system user must be assigned the WhatsApp Business Account.",
	10: "The Cloud API refused the operation for this token: check that phone_number_id and business_account_id belong to the " +
		"WhatsApp Business Account the token's app and system user may manage.",
}

// apiErrorDiag turns an error from the client into a diagnostic whose detail
// shows the API's code, title and details plus what to do about it.
func apiErrorDiag(summary string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(summary, describeError(err))
}

func describeError(err error) string {
	if client.IsKeyRefused(err) {
		// The first request refused reported the details; say it briefly.
		return err.Error() + "\n\nNo request was sent. Fix the API key (see the first error of this run)."
	}
	var ae *client.APIError
	if !errors.As(err, &ae) {
		if client.IsAmbiguous(err) {
			return err.Error() + "\n\nThe provider could not tell whether the API carried out the request."
		}
		return err.Error()
	}
	detail := err.Error()
	if advice, ok := adviceByCode[ae.Code]; ok {
		detail += "\n\n" + advice
	} else if ae.HTTPStatus == http.StatusUnauthorized && ae.Path == "" { // Path: not the API's answer
		detail += "\n\nCheck the API key (D360_API_KEY or the provider's api_key): 360dialog did not accept it for this phone number."
	}
	return detail
}
