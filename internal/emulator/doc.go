// Package emulator is an in-memory implementation of the 360dialog WhatsApp
// Groups API and the 360dialog template API, as described in
// shared/api/CONTRACT.md. It is a product part: the provider's acceptance
// tests, benchmarks and demos run against it, so it follows the contract
// closely and adds nothing to the public API surface that the real API lacks.
// Test-only powers (acting as users, injecting faults, reading counters) live
// in the Go admin API (admin.go) and under /_emulator/ (admin_http.go).
//
// Choices made where the contract is silent or conflicting ([X]/[U] points):
//
//   - Readings: where the documents allow several readings, Options.Dialect
//     (dialect.go) picks one per question; the defaults are described below.
//   - Create response: Options.CreateResponse selects the Meta body
//     {"messaging_product","request_id"} (default), the 360dialog variant
//     {"id":"<group id>"}, or {"id":"<request id>"}. In every mode the group
//     only exists (list, GET and every other route) once CreateDelay has
//     passed; in "id" mode the caller just learns the id early.
//   - The 10,000-group cap counts groups pending creation and visible groups;
//     a group whose deletion was accepted no longer counts.
//   - List: creation order; "created_at" is a number of Unix seconds; cursors
//     are escaped base64 of {"offset":N,"versionId":"<emulator instance>"};
//     an undecodable cursor or one from another instance (or before Reset)
//     answers 131059. "paging" is on every page, an empty one included; "next" and
//     "previous" only appear when that page exists. Suspended groups are listed.
//   - GET group: "messaging_product" and "id" are always returned; an empty
//     description is omitted; "invite_link" and picture fields are unknown
//     fields (code 100).
//   - Update: answers {"messaging_product","request_id"}; an update carrying
//     none of subject, description or file is rejected with code 100; ""
//     clears the description; the JPEG check reads the header only
//     (image/jpeg.DecodeConfig). join_approval_mode cannot be updated and is
//     ignored like any unknown field.
//   - Invite link: DELETE leaves the group without a valid link; the next GET
//     generates a fresh link (the API always hands one out), the deleted one
//     stays invalid.
//   - Join requests: POST/DELETE answer HTTP 200 when every id succeeded,
//     206 when some failed, and 200 with an empty approved/rejected list plus
//     failed_join_requests and errors when none succeeded. Top-level "errors"
//     repeats the distinct per-request errors, as in Meta's sample. Paging
//     supports limit/after/before like the group list.
//   - Remove participants: all removed answers 200 {"messaging_product",
//     "request_id"}; partial answers 206 (details in the body); none a member
//     answers a 400 131212 error. Users removed by the business can never
//     rejoin through a link; users who leave on their own can.
//   - Adding participants (POST /groups/{id}/participants) answers code 100.
//   - Suspended groups: every mutating call (update, delete, invite link reset
//     or delete, approve, reject, remove) answers 131207 (HTTP 403); reads work.
//   - Templates: list default limit 50, max 1000; default sort
//     business_templates.name; filter values must be strings; DELETE of an
//     unknown name answers 404; create answers HTTP 201. Template errors
//     always use 360dialog's meta envelope with the Graph error as a string
//     (HTTP 400), whatever the ErrorStyle.
//   - Errors: every group error follows Options.ErrorStyle except a bad API key,
//     which always gets the 360dialog meta envelope with HTTP 401. In "meta"
//     style both developer_message and error hold the Graph error JSON as a
//     string. An empty Options.APIKey authorises nothing.
//   - IDs: Meta's escaping of base64 ('Z'->"ZA", '='->"ZD", as in the
//     contract's examples) is extended with '+'->"ZB" and '/'->"ZC" so that
//     ids are safe in paths and query strings.
//   - Webhooks are sent when the change becomes visible (after the delay),
//     in order, best effort, by one short-lived sender goroutine. With an
//     injected clock, delayed events go out at the first request or timer
//     that sees the clock past their due time.
//   - Fault rules with Count == 0 and Probability <= 0 apply to every matching
//     request (a rule that never fires would be useless).
//   - Reset forgets state, counters, faults, the rate limit and the latency.
//   - Users (business-scoped ids, CONTRACT §3.3 and open question 14): a user
//     registered with RegisterUser is listed in participants, join requests
//     and webhooks with exactly the identifiers they have (no wa_id for a user
//     without a phone number). Any identifier names them in admin calls and in
//     participant removal. A user never registered is phone-number-only when
//     named by digits, business-scoped-id-only otherwise.
//   - Meta's Cloud API paths (graph.go) reach the same store under the same
//     route names: /<version>/<phone-number-id>/groups, /<version>/<group-id>
//     [/invite_link|/join_requests|/participants] and
//     /<version>/<business-account-id>/message_templates. They need
//     "Authorization: Bearer <AccessToken>" (none: 401 code 104; wrong: 401
//     code 190) and always answer errors in Graph's envelope. A version
//     outside GraphVersions answers code 2635 when older than all of them,
//     code 100 otherwise; another phone number or account id answers code
//     100 subcode 33. Templates: create answers HTTP 200; the list filters
//     with name (a substring, as a search), language, status and category,
//     pages with Graph cursors (default limit 25, max 1000) and shows status
//     in uppercase, rejected_reason only for rejected templates and
//     library_template_name when set (the listing fields Meta returns by
//     default are not documented in the contract); delete takes ?name= and
//     answers {"success":true}.
package emulator
