package emulator

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// businessNumber is the emulated business phone number, part of group ids.
const businessNumber = "15550100360"

type group struct {
	id, jid     string
	subject     string
	description string
	mode        string
	link        string // "" after DELETE invite_link until the next GET or reset
	suspended   bool
	created     time.Time
	visibleAt   time.Time // created + CreateDelay
	announced   bool      // group_create webhook queued
	requestID   string    // of the creation
	deleting    bool
	deleteAt    time.Time
	deleteReqID string
	gone        bool
	pictureSHA  string

	participants []string       // user keys (User.key), join order
	removed      []string       // removed by the business: blacklisted from links
	joinRequests []*joinRequest // pending, creation order
	updates      []pendingUpdate
}

type joinRequest struct {
	id      string
	waID    string
	created time.Time
}

// pendingUpdate is an accepted POST /groups/{id} that becomes visible at "at".
type pendingUpdate struct {
	at          time.Time
	requestID   string
	subject     *string
	description *string
	pictureSHA  *string
}

// visible reports whether the group exists for API clients at now.
func (g *group) visible(now time.Time) bool {
	if g.gone || now.Before(g.visibleAt) {
		return false
	}
	return !g.deleting || now.Before(g.deleteAt)
}

func (g *group) isParticipant(waID string) bool { return slices.Contains(g.participants, waID) }
func (g *group) wasRemoved(waID string) bool    { return slices.Contains(g.removed, waID) }

func (g *group) joinRequestByID(id string) (int, *joinRequest) {
	for i, jr := range g.joinRequests {
		if jr.id == id {
			return i, jr
		}
	}
	return -1, nil
}

func (g *group) joinRequestByUser(waID string) (int, *joinRequest) {
	for i, jr := range g.joinRequests {
		if jr.waID == waID {
			return i, jr
		}
	}
	return -1, nil
}

type store struct {
	groups    map[string]*group
	order     []*group          // creation order: the stable list order
	links     map[string]*group // current invite link -> group
	usedLinks map[string]bool   // a link is never handed out twice
	templates []*template
	noTerms   map[string]bool // user keys that have not accepted the terms
	userByID  map[string]User // registered users by each of their identifiers
	messages  []Message       // accepted messages (messages.go)

	seq     uint64 // feeds every generated number
	jidBase uint64
	reqBase uint64
}

func newStore() *store {
	return &store{
		groups:    map[string]*group{},
		links:     map[string]*group{},
		usedLinks: map[string]bool{},
		noTerms:   map[string]bool{},
		userByID:  map[string]User{},
		jidBase:   120363000000000000 + rand.Uint64N(1e11),
		reqBase:   100000000000000 + rand.Uint64N(1e14),
	}
}

func (s *store) next() uint64 { s.seq++; return s.seq }

// newRequestID returns a numeric request id like Meta's (CONTRACT §5).
func (s *store) newRequestID() string { return strconv.FormatUint(s.reqBase+s.next()*7, 10) }

// newLink returns a fresh invite link and registers it for g.
func (s *store) newLink(g *group) string {
	if g.link != "" {
		delete(s.links, g.link)
	}
	for {
		link := "https://chat.whatsapp.com/" + randomAlnum(22)
		if !s.usedLinks[link] {
			s.usedLinks[link] = true
			s.links[link] = g
			g.link = link
			return link
		}
	}
}

func (s *store) dropLink(g *group) {
	if g.link != "" {
		delete(s.links, g.link)
		g.link = ""
	}
}

// addGroup registers a new group created at now and visible at visibleAt.
func (s *store) addGroup(subject, description, mode string, now, visibleAt time.Time) *group {
	jid := strconv.FormatUint(s.jidBase+s.next()*13, 10)
	g := &group{
		id:          encodeOpaque("capi_group:" + businessNumber + ":" + jid),
		jid:         jid,
		subject:     subject,
		description: description,
		mode:        mode,
		created:     now,
		visibleAt:   visibleAt,
		requestID:   s.newRequestID(),
	}
	s.newLink(g)
	s.groups[g.id] = g
	s.order = append(s.order, g)
	return g
}

// lookup returns a group visible at now.
func (s *store) lookup(id string, now time.Time) (*group, bool) {
	g, ok := s.groups[id]
	if !ok || !g.visible(now) {
		return nil, false
	}
	return g, true
}

// activeCount counts groups towards the creation cap: pending and visible
// groups whose deletion has not been requested.
func (s *store) activeCount() int {
	n := 0
	for _, g := range s.order {
		if !g.deleting {
			n++
		}
	}
	return n
}

// remove forgets a group at once (deletion done).
func (s *store) remove(g *group) {
	g.gone = true
	s.dropLink(g)
	delete(s.groups, g.id)
	s.order = slices.DeleteFunc(s.order, func(o *group) bool { return o == g })
}

// advance materialises everything due at now and returns the webhook events
// that this produced, in the order they happened.
func (s *store) advance(now time.Time) []event {
	var events []event
	var gone []*group
	for _, g := range s.order {
		if !g.announced && !now.Before(g.visibleAt) {
			g.announced = true
			events = append(events, groupCreateEvent(g))
		}
		for len(g.updates) > 0 && !now.Before(g.updates[0].at) {
			u := g.updates[0]
			g.updates = g.updates[1:]
			events = append(events, g.apply(u))
		}
		if g.deleting && !now.Before(g.deleteAt) {
			gone = append(gone, g)
		}
	}
	for _, g := range gone {
		s.remove(g)
		events = append(events, groupDeleteEvent(g.id, g.deleteReqID, g.deleteAt))
	}
	return events
}

// apply makes an accepted update visible and describes it for the webhook.
func (g *group) apply(u pendingUpdate) event {
	if u.subject != nil {
		g.subject = *u.subject
	}
	if u.description != nil {
		g.description = *u.description
	}
	if u.pictureSHA != nil {
		g.pictureSHA = *u.pictureSHA
	}
	return settingsEvent(g.id, u)
}
