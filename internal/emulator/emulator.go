package emulator

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// CreateResponseMode selects the body of a successful POST /groups; the
// sources conflict (CONTRACT §3.1, §11.1), so both are offered.
type CreateResponseMode string

const (
	// CreateResponseRequestID answers {"messaging_product":"whatsapp","request_id":"…"} (Meta spec).
	CreateResponseRequestID CreateResponseMode = "request_id"
	// CreateResponseID answers {"id":"<group id>"} (360dialog reference). The
	// group still only becomes visible after CreateDelay.
	CreateResponseID CreateResponseMode = "id"
	// CreateResponseIDIsRequest answers {"id":"<request id>"}: the
	// reference's `id` read as the request's, not the group's.
	CreateResponseIDIsRequest CreateResponseMode = CreateIDIsRequest
)

// ErrorStyle selects the error envelope (CONTRACT §7.4: undocumented for
// proxied calls, so clients must cope with all three).
type ErrorStyle string

const (
	// ErrorStyleGraph is Meta's {"error":{message,type,code,error_data,fbtrace_id}}.
	ErrorStyleGraph ErrorStyle = "graph"
	// ErrorStyleMeta is 360dialog's {"meta":{...}} with the Graph error as a string.
	ErrorStyleMeta ErrorStyle = "meta"
	// ErrorStyleString is {"error":"<text>"}.
	ErrorStyleString ErrorStyle = "string"
)

// Defaults from CONTRACT §1.3.
const (
	DefaultMaxGroups       = 10000
	DefaultMaxParticipants = 8
)

// Options configures an Emulator. The zero value of every field but APIKey
// is usable.
type Options struct {
	APIKey              string        // required D360-API-KEY value; a wrong or missing key answers 401
	CreateDelay         time.Duration // POST /groups until the group exists
	DeleteDelay         time.Duration // DELETE until the group is gone
	UpdateDelay         time.Duration // POST /groups/{id} until the change is visible
	CreateResponse      CreateResponseMode
	ErrorStyle          ErrorStyle
	WebhookURL          string // optional receiver of CONTRACT §6 envelopes
	MaxGroups           int    // default DefaultMaxGroups
	MaxParticipants     int    // default DefaultMaxParticipants (business not counted)
	TemplateReviewDelay time.Duration
	Now                 func() time.Time // default time.Now

	// OmitDefaults leaves join_approval_mode out of a GET when it is the
	// default, auto_approve, and suspended when it is false: the API
	// documents the defaults (CONTRACT §3.1) but not that a read always
	// reports them. Dialect.OmitsDefaults sets it.
	OmitDefaults bool
	// Meta's Cloud API paths (graph.go): the Bearer token they accept
	// (empty: none), the phone number id that owns the groups, the business
	// account id that owns the templates and the Graph versions served.
	AccessToken       string
	PhoneNumberID     string   // default DefaultPhoneNumberID
	BusinessAccountID string   // default DefaultBusinessAccountID
	GraphVersions     []string // default DefaultGraphVersions
	// Dialect picks the reading of every point the documents leave open
	// (dialect.go); its create_response and error_envelope, when set,
	// override CreateResponse and ErrorStyle.
	Dialect Dialect
}

// Emulator is an http.Handler serving the public API and the admin API.
// All methods are safe for concurrent use.
type Emulator struct {
	opts Options
	// instance tags cursors so that a cursor from another emulator (or from
	// before Reset) is rejected like an expired one.
	instance atomic.Value // string

	mu sync.Mutex // guards st
	st *store

	calls   counters
	faults  faultSet
	limiter rateLimiter
	latency atomic.Int64
	// createFailure, when set, is the error code every group create answers
	// (the number's state, such as 131215 "not eligible", as the outside
	// world decides it).
	createFailure atomic.Int64
	hooks         *webhookQueue // nil without WebhookURL
	authHeaders   authHeaderCounts
	// removalFailures holds users whose removal fails (FailRemovalsOf).
	removalFailures sync.Map
	admin           *http.ServeMux
}

// New returns an emulator with no groups and no templates.
func New(opts Options) *Emulator {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxGroups <= 0 {
		opts.MaxGroups = DefaultMaxGroups
	}
	if opts.MaxParticipants <= 0 {
		opts.MaxParticipants = DefaultMaxParticipants
	}
	opts.graphDefaults()
	applyDialect(&opts)
	if opts.CreateResponse != CreateResponseID && opts.CreateResponse != CreateResponseIDIsRequest {
		opts.CreateResponse = CreateResponseRequestID
	}
	switch opts.ErrorStyle {
	case ErrorStyleMeta, ErrorStyleString:
	default:
		opts.ErrorStyle = ErrorStyleGraph
	}
	e := &Emulator{opts: opts, st: newStore()}
	e.newInstance()
	e.admin = e.newAdminMux()
	if opts.WebhookURL != "" {
		e.hooks = newWebhookQueue(opts.WebhookURL)
	}
	return e
}

func (e *Emulator) now() time.Time { return e.opts.Now() }

func (e *Emulator) newInstance() {
	e.instance.Store(strconv.FormatUint(1e18+rand.Uint64N(8e18), 10))
}

func (e *Emulator) instanceID() string {
	id, _ := e.instance.Load().(string)
	return id
}

// SetLatency adds a fixed delay to every public API call (benchmarks).
func (e *Emulator) SetLatency(d time.Duration) { e.latency.Store(int64(d)) }

// Reset forgets every group, template, counter, fault, the rate limit and the
// latency, as if the emulator had just been created with the same Options.
func (e *Emulator) Reset() {
	e.mu.Lock()
	e.st = newStore()
	e.newInstance()
	e.mu.Unlock()
	e.ResetCounters()
	e.ClearFaults()
	e.faults.resetInjected()
	e.SetRateLimit(0, 0)
	e.limiter.resetCount()
	e.SetLatency(0)
	e.FailCreates(0)
	e.removalFailures.Clear()
}

// lockAdvance takes the store lock and materialises everything due by now.
// Callers must unlock e.mu.
func (e *Emulator) lockAdvance() time.Time {
	now := e.now()
	e.mu.Lock()
	e.advance(now)
	return now
}

// advance applies pending creations, updates and deletions that are due and
// queues their webhooks. State is materialised lazily at each request, so no
// background goroutine is needed; timers exist only to send webhooks on time.
func (e *Emulator) advance(now time.Time) {
	for _, ev := range e.st.advance(now) {
		e.emit(ev)
	}
}

// scheduleTick makes sure delayed webhooks go out even when no request
// arrives after the delay.
func (e *Emulator) scheduleTick(d time.Duration) {
	if e.hooks == nil || d <= 0 {
		return
	}
	time.AfterFunc(d+time.Millisecond, func() {
		e.lockAdvance()
		e.mu.Unlock()
	})
}
