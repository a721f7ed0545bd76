package emulator

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// adminPrefix holds the HTTP face of the admin API, for tests in live mode,
// benchmarks and demos against a standalone emulator. It needs no API key
// and is never counted.
const adminPrefix = "/_emulator/"

type adminHandler func(e *Emulator, r *http.Request) (any, error)

// adminRoutes maps method+pattern (net/http ServeMux syntax) to handlers.
var adminRoutes = map[string]adminHandler{
	"GET /_emulator/counters":                         adminCounters,
	"POST /_emulator/counters/reset":                  func(e *Emulator, _ *http.Request) (any, error) { e.ResetCounters(); return ok(), nil },
	"POST /_emulator/faults":                          adminAddFault,
	"DELETE /_emulator/faults":                        func(e *Emulator, _ *http.Request) (any, error) { e.ClearFaults(); return ok(), nil },
	"POST /_emulator/rate_limit":                      adminRateLimit,
	"POST /_emulator/latency":                         adminLatency,
	"GET /_emulator/groups":                           func(e *Emulator, _ *http.Request) (any, error) { return e.Groups(), nil },
	"POST /_emulator/groups":                          adminSeedGroup,
	"GET /_emulator/groups/{id}":                      adminGetGroup,
	"DELETE /_emulator/groups/{id}":                   func(e *Emulator, r *http.Request) (any, error) { return ok(), e.DeleteGroup(r.PathValue("id")) },
	"POST /_emulator/groups/{id}/join":                adminUserAction((*Emulator).joinThroughCurrentLink),
	"POST /_emulator/groups/{id}/leave":               adminUserAction((*Emulator).LeaveGroup),
	"POST /_emulator/groups/{id}/revoke_join_request": adminUserAction((*Emulator).RevokeJoinRequest),
	"POST /_emulator/groups/{id}/edit":                adminEdit,
	"POST /_emulator/groups/{id}/rotate_link":         adminRotate,
	"POST /_emulator/groups/{id}/suspend":             adminSuspend,
	"POST /_emulator/terms":                           adminTerms,
	"POST /_emulator/users":                           adminRegisterUser,
	"GET /_emulator/templates":                        func(e *Emulator, _ *http.Request) (any, error) { return e.Templates(), nil },
	"POST /_emulator/templates":                       adminSeedTemplate,
	"POST /_emulator/templates/status":                adminTemplateStatus,
	"POST /_emulator/reset":                           func(e *Emulator, _ *http.Request) (any, error) { e.Reset(); return ok(), nil },
	"GET /_emulator/messages":                         func(e *Emulator, _ *http.Request) (any, error) { return e.Messages(), nil },
}

// newAdminMux builds the admin routes of one emulator.
func (e *Emulator) newAdminMux() *http.ServeMux {
	mux := http.NewServeMux()
	for pattern, h := range adminRoutes {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			out, err := h(e, r)
			if err != nil {
				writeJSON(w, adminStatus(err), map[string]string{"error": err.Error()})
				return
			}
			writeJSON(w, http.StatusOK, out)
		})
	}
	return mux
}

func ok() map[string]bool { return map[string]bool{"ok": true} }

// badRequest marks admin input errors.
type badRequest struct{ error }

func adminStatus(err error) int {
	var br badRequest
	switch {
	case errors.As(err, &br):
		return http.StatusBadRequest
	case errors.Is(err, ErrUnknownGroup), errors.Is(err, ErrTemplateNotFound):
		return http.StatusNotFound
	}
	return http.StatusConflict
}

func decode(r *http.Request, v any) error {
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20)).Decode(v); err != nil {
		return badRequest{err}
	}
	return nil
}

func adminCounters(e *Emulator, _ *http.Request) (any, error) {
	apiKey, bearer := e.AuthHeaders()
	return map[string]any{
		"calls": e.CallCounts(), "total": e.TotalCalls(), "faults": e.FaultsInjected(),
		"rate_limited": e.RateLimited(), "pending_creates": e.PendingCreates(),
		"auth_headers": map[string]int{"d360_api_key": apiKey, "bearer": bearer},
	}, nil
}

// faultJSON is FaultRule on the wire. Keys match case-insensitively, so a
// json.Marshal'ed FaultRule works too: "latency" is then nanoseconds; it may
// also be a Go duration string ("50ms"); "latency_ms" is milliseconds.
type faultJSON struct {
	Kind        FaultKind       `json:"kind"`
	Route       string          `json:"route"`
	Probability float64         `json:"probability"`
	Count       int             `json:"count"`
	Latency     json.RawMessage `json:"latency"`
	LatencyMS   int64           `json:"latency_ms"`
	Seed        int64           `json:"seed"`
}

func (f faultJSON) latency() (time.Duration, error) {
	d := time.Duration(f.LatencyMS) * time.Millisecond
	if len(f.Latency) == 0 || string(f.Latency) == "null" {
		return d, nil
	}
	var ns int64
	if json.Unmarshal(f.Latency, &ns) == nil {
		return time.Duration(ns), nil
	}
	var s string
	if err := json.Unmarshal(f.Latency, &s); err != nil {
		return 0, badRequest{errors.New("latency must be nanoseconds or a duration string")}
	}
	parsed, err := time.ParseDuration(s)
	if err != nil {
		return 0, badRequest{err}
	}
	return parsed, nil
}

func adminAddFault(e *Emulator, r *http.Request) (any, error) {
	var f faultJSON
	if err := decode(r, &f); err != nil {
		return nil, err
	}
	switch f.Kind {
	case FaultLatency, Fault500, Fault503, Fault429, FaultResetBefore, FaultLostAfter:
	default:
		return nil, badRequest{errors.New("unknown fault kind " + string(f.Kind))}
	}
	latency, err := f.latency()
	if err != nil {
		return nil, err
	}
	e.AddFault(FaultRule{Kind: f.Kind, Route: f.Route, Probability: f.Probability, Count: f.Count,
		Latency: latency, Seed: f.Seed})
	return ok(), nil
}

func adminRateLimit(e *Emulator, r *http.Request) (any, error) {
	var in struct {
		PerSecond float64 `json:"per_second"`
		Burst     int     `json:"burst"`
	}
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	e.SetRateLimit(in.PerSecond, in.Burst)
	return ok(), nil
}

func adminLatency(e *Emulator, r *http.Request) (any, error) {
	var in struct {
		MS int64 `json:"ms"`
	}
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	e.SetLatency(time.Duration(in.MS) * time.Millisecond)
	return ok(), nil
}

func adminSeedGroup(e *Emulator, r *http.Request) (any, error) {
	var in struct {
		Subject          string `json:"subject"`
		Description      string `json:"description"`
		JoinApprovalMode string `json:"join_approval_mode"`
	}
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if in.JoinApprovalMode != "" && validateMode(in.JoinApprovalMode) != nil {
		return nil, badRequest{errors.New("join_approval_mode must be auto_approve or approval_required")}
	}
	id := e.SeedGroup(in.Subject, in.Description, in.JoinApprovalMode)
	g, _ := e.Group(id)
	return g, nil
}

func adminGetGroup(e *Emulator, r *http.Request) (any, error) {
	id := r.PathValue("id")
	g, found := e.Group(id)
	if !found {
		return nil, ErrUnknownGroup
	}
	return map[string]any{
		"group": g, "join_requests": e.JoinRequests(id), "removed_participants": e.ParticipantsEverRemoved(id),
	}, nil
}

// joinThroughCurrentLink plays a user tapping the group's current link.
func (e *Emulator) joinThroughCurrentLink(groupID, waID string) error {
	g, found := e.Group(groupID)
	if !found {
		return ErrUnknownGroup
	}
	if g.InviteLink == "" {
		return ErrInvalidLink
	}
	return e.JoinViaLink(g.InviteLink, waID)
}

func adminUserAction(act func(e *Emulator, groupID, waID string) error) adminHandler {
	return func(e *Emulator, r *http.Request) (any, error) {
		// The user is named by any identifier: "user", or the field of
		// the identifier used ("wa_id", "user_id", "username").
		var in struct {
			User     string `json:"user"`
			WaID     string `json:"wa_id"`
			UserID   string `json:"user_id"`
			Username string `json:"username"`
		}
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		for _, u := range []string{in.User, in.WaID, in.UserID, in.Username} {
			if u != "" {
				return ok(), act(e, r.PathValue("id"), u)
			}
		}
		return nil, badRequest{errors.New("name the user with user, wa_id, user_id or username")}
	}
}

func adminEdit(e *Emulator, r *http.Request) (any, error) {
	var in struct {
		Subject     *string `json:"subject"`
		Description *string `json:"description"`
	}
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return ok(), e.EditGroup(r.PathValue("id"), in.Subject, in.Description)
}

func adminRotate(e *Emulator, r *http.Request) (any, error) {
	link, err := e.RotateInviteLink(r.PathValue("id"))
	return map[string]string{"invite_link": link}, err
}

func adminSuspend(e *Emulator, r *http.Request) (any, error) {
	var in struct {
		Suspended bool `json:"suspended"`
	}
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return ok(), e.SetSuspended(r.PathValue("id"), in.Suspended)
}

func adminTerms(e *Emulator, r *http.Request) (any, error) {
	var in struct {
		WaID        string `json:"wa_id"`
		NotAccepted bool   `json:"not_accepted"`
	}
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	e.SetTermsNotAccepted(in.WaID, in.NotAccepted)
	return ok(), nil
}

func adminSeedTemplate(e *Emulator, r *http.Request) (any, error) {
	var t Template
	if err := decode(r, &t); err != nil {
		return nil, err
	}
	if t.Name == "" || t.Language == "" {
		return nil, badRequest{errors.New("name and language are required")}
	}
	return e.SeedTemplate(t), nil
}

func adminTemplateStatus(e *Emulator, r *http.Request) (any, error) {
	var in struct {
		Name           string `json:"name"`
		Language       string `json:"language"`
		Status         string `json:"status"`
		RejectedReason string `json:"rejected_reason"`
	}
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return ok(), e.SetTemplateStatus(in.Name, in.Language, in.Status, in.RejectedReason)
}

// adminRegisterUser makes a user known with every identifier they have
// (phone only, business-scoped id only, or both, optionally with
// parent_user_id and username).
func adminRegisterUser(e *Emulator, r *http.Request) (any, error) {
	var u User
	if err := decode(r, &u); err != nil {
		return nil, err
	}
	key, err := e.RegisterUser(u)
	if errors.Is(err, ErrInvalidSetting) {
		return nil, badRequest{err}
	}
	return map[string]string{"user": key}, err
}
