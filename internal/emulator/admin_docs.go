package emulator

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// AdminRoute documents one route of the admin surface (admin_http.go) for
// users: `d360-emulator -h` prints these, and the local emulator guide shows
// each with an example. TestAdminRoutesDocumented keeps them in step with
// adminRoutes.
type AdminRoute struct {
	Route   string // method and path, as in adminRoutes
	Purpose string
	Body    string // JSON body, "" when none
}

// AdminRoutes lists every admin route, grouped by what it plays.
var AdminRoutes = []AdminRoute{
	{"GET /_emulator/counters", "API calls received per operation, total, faults injected, calls rate-limited, group creations pending", ""},
	{"POST /_emulator/counters/reset", "set the counters to zero", ""},
	{"POST /_emulator/reset", "forget every group, template, user, fault and counter", ""},

	{"GET /_emulator/groups", "every group with participants and invite link", ""},
	{"POST /_emulator/groups", "create a group outside Terraform, visible at once", `{"subject": "Walk-in", "description": "made by hand", "join_approval_mode": "approval_required"}`},
	{"GET /_emulator/groups/{id}", "one group with its pending join requests and the users the business removed", ""},
	{"DELETE /_emulator/groups/{id}", "delete a group outside Terraform, at once", ""},
	{"POST /_emulator/groups/{id}/edit", "change subject or description outside Terraform (drift)", `{"subject": "Renamed by hand", "description": "edited"}`},
	{"POST /_emulator/groups/{id}/rotate_link", "reset the invite link outside Terraform; answers the new link", ""},
	{"POST /_emulator/groups/{id}/suspend", "suspend a group as WhatsApp does for a policy violation (false lifts it)", `{"suspended": true}`},

	{"POST /_emulator/users", "register a user with a phone number (wa_id), a business-scoped id (user_id), or both, optionally with parent_user_id and username", `{"user_id": "US.13491208655302741918", "username": "alice"}`},
	{"POST /_emulator/groups/{id}/join", "a user taps the current invite link: joins an auto_approve group, asks to join an approval_required one; the user is named by \"wa_id\", \"user_id\", \"username\" or \"user\" (any identifier)", `{"wa_id": "15550100001"}`},
	{"POST /_emulator/groups/{id}/revoke_join_request", "a user withdraws their join request", `{"wa_id": "15550100001"}`},
	{"POST /_emulator/groups/{id}/leave", "a participant leaves on their own (they may rejoin, unlike a removed user)", `{"wa_id": "15550100001"}`},
	{"POST /_emulator/terms", "a user has not accepted WhatsApp's terms: approving them fails with 131203 (false undoes it)", `{"wa_id": "15550100001", "not_accepted": true}`},

	{"POST /_emulator/faults", "inject faults: kind 500, 503, 429, reset_before (nothing done), lost_after (done, answer lost) or latency; route such as groups.create (empty: every route); probability (0..1) or count", `{"kind": "lost_after", "route": "groups.create", "count": 1}`},
	{"DELETE /_emulator/faults", "remove every fault rule", ""},
	{"POST /_emulator/rate_limit", "limit API calls to per_second on average with bursts of burst (HTTP 429, code 131208); per_second 0 lifts the limit", `{"per_second": 2, "burst": 5}`},
	{"POST /_emulator/latency", "add latency to every API call, in milliseconds", `{"ms": 200}`},

	{"GET /_emulator/templates", "every template with its status", ""},
	{"POST /_emulator/templates", "create a template outside Terraform", `{"name": "order_update", "language": "en_US", "category": "UTILITY", "status": "approved"}`},
	{"POST /_emulator/templates/status", "play Meta's review: approve or reject a template (every language of the name when language is empty)", `{"name": "community_invite", "language": "en_US", "status": "approved"}`},
	{"GET /_emulator/messages", "every template message the API accepted (POST /messages): recipient, template, group id, message id", ""},
}

// WriteAdminRoutes prints the admin routes for a usage message.
func WriteAdminRoutes(w io.Writer, baseURL string) {
	fmt.Fprintf(w, "Admin routes (no API key needed), for example: curl -s -X POST %s/_emulator/groups/GROUP_ID/join -d '{\"wa_id\": \"15550100001\"}'\n", baseURL)
	for _, r := range AdminRoutes {
		fmt.Fprintf(w, "  %s\n      %s\n", r.Route, r.Purpose)
		if r.Body != "" {
			fmt.Fprintf(w, "      body: %s\n", r.Body)
		}
	}
}

// adminRouteNames returns the documented routes, sorted.
func adminRouteNames() []string {
	out := make([]string, 0, len(AdminRoutes))
	for _, r := range AdminRoutes {
		out = append(out, r.Route)
	}
	slices.SortFunc(out, strings.Compare)
	return out
}
