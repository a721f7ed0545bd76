package emulator

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
	"time"
)

type handlerFunc func(e *Emulator, w http.ResponseWriter, r *http.Request, arg string) *apiError

// route is a matched public API call: its counter name, handler and the path
// argument (group id or template name).
type route struct {
	name string
	h    handlerFunc
	arg  string
	// err, for a route without handler, is the answer instead of the
	// generic "unknown path" (Graph's answers for unknown nodes and versions).
	err *apiError
}

const routeUnknown = "unknown"

var groupSubroutes = map[string]map[string]route{
	"": {
		http.MethodGet:    {name: "groups.get", h: (*Emulator).handleGet},
		http.MethodPost:   {name: "groups.update", h: (*Emulator).handleUpdate},
		http.MethodDelete: {name: "groups.delete", h: (*Emulator).handleDelete},
	},
	"invite_link": {
		http.MethodGet:    {name: "invite_link.get", h: (*Emulator).handleInviteLinkGet},
		http.MethodPost:   {name: "invite_link.reset", h: (*Emulator).handleInviteLinkReset},
		http.MethodDelete: {name: "invite_link.delete", h: (*Emulator).handleInviteLinkDelete},
	},
	"join_requests": {
		http.MethodGet:    {name: "join_requests.list", h: (*Emulator).handleJoinRequestsList},
		http.MethodPost:   {name: "join_requests.approve", h: (*Emulator).handleJoinRequestsApprove},
		http.MethodDelete: {name: "join_requests.reject", h: (*Emulator).handleJoinRequestsReject},
	},
	"participants": {
		http.MethodDelete: {name: "participants.remove", h: (*Emulator).handleParticipantsRemove},
		http.MethodPost:   {name: "participants.add", h: (*Emulator).handleParticipantsAdd},
	},
}

// matchRoute maps a request to a public route (CONTRACT §1.1, 360dialog paths).
func matchRoute(method, path string) route {
	if !strings.HasPrefix(path, "/") {
		return route{name: routeUnknown}
	}
	seg := strings.Split(path[1:], "/")
	for _, s := range seg {
		if s == "" {
			return route{name: routeUnknown}
		}
	}
	switch {
	case len(seg) == 1 && seg[0] == "groups":
		switch method {
		case http.MethodPost:
			return route{name: "groups.create", h: (*Emulator).handleCreate}
		case http.MethodGet:
			return route{name: "groups.list", h: (*Emulator).handleList}
		}
	case (len(seg) == 2 || len(seg) == 3) && seg[0] == "groups":
		sub := ""
		if len(seg) == 3 {
			sub = seg[2]
		}
		if rt, ok := groupSubroutes[sub][method]; ok {
			rt.arg = seg[1]
			return rt
		}
	case len(seg) == 1 && seg[0] == "messages" && method == http.MethodPost:
		return route{name: "messages.send", h: (*Emulator).handleMessageSend}
	case len(seg) == 3 && seg[0] == "v1" && seg[1] == "configs" && seg[2] == "templates":
		switch method {
		case http.MethodPost:
			return route{name: "templates.create", h: (*Emulator).handleTemplateCreate}
		case http.MethodGet:
			return route{name: "templates.list", h: (*Emulator).handleTemplateList}
		}
	case len(seg) == 4 && seg[0] == "v1" && seg[1] == "configs" && seg[2] == "templates" && method == http.MethodDelete:
		return route{name: "templates.delete", h: (*Emulator).handleTemplateDelete, arg: seg[3]}
	}
	return route{name: routeUnknown}
}

// ServeHTTP serves the public API and, under /_emulator/, the admin API.
// Public calls go through: auth, counting, latency, rate limit, faults, handler.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_emulator" || strings.HasPrefix(r.URL.Path, adminPrefix) {
		e.admin.ServeHTTP(w, r)
		return
	}
	e.authHeaders.record(r)
	// Meta's paths (/<version>/...) answer in Graph's own form with a Bearer
	// token; everything else is 360dialog's gateway with its API key.
	writeError := e.writeError
	var rt route
	if isGraphPath(r.URL.Path) {
		writeError = e.writeGraphError
		if aerr := e.graphAuthError(r); aerr != nil {
			e.calls.add("unauthorized")
			writeError(w, aerr)
			return
		}
		rt = e.matchGraphRoute(r.Method, r.URL.Path)
	} else {
		rt = matchRoute(r.Method, r.URL.Path)
		if !e.authorized(r) {
			e.calls.add("unauthorized")
			writeUnauthorized(w)
			return
		}
	}
	// What a template handler refuses, 360dialog answers in its own meta
	// envelope whatever the groups' error style (templates_errors.go).
	handlerError := writeError
	if !isGraphPath(r.URL.Path) && strings.HasPrefix(rt.name, "templates.") {
		handlerError = writeTemplateError
	}
	e.calls.add(rt.name)
	if !sleep(r.Context(), time.Duration(e.latency.Load())) {
		return
	}
	if rt.h == nil {
		if rt.err == nil {
			rt.err = &apiError{status: http.StatusNotFound, code: 100, title: "Unsupported request",
				details: "Unknown path components: " + r.Method + " " + r.URL.Path}
		}
		writeError(w, rt.err)
		return
	}
	if !e.limiter.allow(e.now()) {
		writeError(w, errCode(131208, "Too many group operations from this phone number in a short period"))
		return
	}
	f := e.faults.pick(rt.name)
	if !sleep(r.Context(), f.latency) {
		return
	}
	switch f.kind {
	case Fault500:
		writeError(w, errCode(1, "Please retry your request later"))
	case Fault503:
		writeError(w, errCode(2, "Service temporarily unavailable, please retry later"))
	case Fault429:
		writeError(w, errCode(131208, "Too many group operations from this phone number in a short period"))
	case FaultResetBefore:
		dropConnection(w)
	case FaultLostAfter:
		e.run(rt, discardWriter{h: http.Header{}}, r, handlerError)
		dropConnection(w)
	default:
		e.run(rt, w, r, handlerError)
	}
}

func (e *Emulator) run(rt route, w http.ResponseWriter, r *http.Request, writeError func(http.ResponseWriter, *apiError)) {
	if aerr := rt.h(e, w, r, rt.arg); aerr != nil {
		writeError(w, aerr)
	}
}

func (e *Emulator) authorized(r *http.Request) bool {
	key := r.Header.Get("D360-API-KEY")
	return key != "" && subtle.ConstantTimeCompare([]byte(key), []byte(e.opts.APIKey)) == 1
}

// sleep waits d unless the client goes away first; it reports whether the
// request should go on.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// dropConnection closes the client connection without an answer. With a
// hijackable connection it sends a TCP reset; otherwise (HTTP/2, recorders)
// net/http's abort panic does the same job.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0)
			}
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// discardWriter swallows the answer of an operation whose response is lost.
type discardWriter struct{ h http.Header }

func (d discardWriter) Header() http.Header         { return d.h }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}
