package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Group is a snapshot of a group as the admin API sees it.
type Group struct {
	ID                string   `json:"id"`
	Subject           string   `json:"subject"`
	Description       string   `json:"description"`
	JoinApprovalMode  string   `json:"join_approval_mode"`
	InviteLink        string   `json:"invite_link"` // "" after DELETE invite_link
	Suspended         bool     `json:"suspended"`
	CreationTimestamp int64    `json:"creation_timestamp"`
	Participants      []string `json:"participants"` // wa ids
	PictureSHA256     string   `json:"picture_sha256"`
	Deleting          bool     `json:"deleting"` // deletion accepted, DeleteDelay not over
}

// JoinRequest is a pending request to join an approval_required group.
type JoinRequest struct {
	ID                string `json:"join_request_id"`
	WaID              string `json:"wa_id"`
	UserID            string `json:"user_id,omitempty"`
	ParentUserID      string `json:"parent_user_id,omitempty"`
	Username          string `json:"username,omitempty"`
	CreationTimestamp int64  `json:"creation_timestamp"`
}

// Template is a stored message template; Status is lowercase.
type Template struct {
	ID                          string          `json:"id"`
	Name                        string          `json:"name"`
	Language                    string          `json:"language"`
	Category                    string          `json:"category"`
	Status                      string          `json:"status"`
	RejectedReason              string          `json:"rejected_reason"`
	LibraryTemplateName         string          `json:"library_template_name,omitempty"`
	Components                  json.RawMessage `json:"components,omitempty"`
	LibraryTemplateButtonInputs json.RawMessage `json:"library_template_button_inputs,omitempty"`
	AllowCategoryChange         bool            `json:"allow_category_change"`
}

// Errors of the admin API.
var (
	ErrUnknownGroup       = errors.New("emulator: group unknown")
	ErrInvalidLink        = errors.New("emulator: invite link invalid or revoked")
	ErrRemovedParticipant = errors.New("emulator: user was removed from the group and cannot rejoin via link")
	ErrGroupFull          = errors.New("emulator: (#131204) participant overlimit")
	ErrAlreadyParticipant = errors.New("emulator: user is already a participant")
	ErrAlreadyRequested   = errors.New("emulator: user already has a pending join request")
	ErrNoJoinRequest      = errors.New("emulator: no pending join request for this user")
	ErrNotParticipant     = errors.New("emulator: user is not a participant")
	ErrGroupSuspended     = errors.New("emulator: group suspended")
	ErrInvalidSetting     = errors.New("emulator: invalid setting")
	ErrTemplateNotFound   = errors.New("emulator: template not found")
)

func (g *group) snapshot() Group {
	return Group{
		ID: g.id, Subject: g.subject, Description: g.description, JoinApprovalMode: g.mode, InviteLink: g.link,
		Suspended: g.suspended, CreationTimestamp: g.created.Unix(), Participants: slices.Clone(g.participants),
		PictureSHA256: g.pictureSHA, Deleting: g.deleting,
	}
}

// SeedGroup creates a group that is visible at once and returns its id.
// mode "" means auto_approve. No group_create webhook is sent for a seed.
func (e *Emulator) SeedGroup(subject, description, mode string) string {
	if mode == "" {
		mode = modeAuto
	}
	now := e.lockAdvance()
	defer e.mu.Unlock()
	g := e.st.addGroup(subject, description, mode, now, now)
	g.announced = true
	return g.id
}

// Group returns a visible group (not pending creation, not gone).
func (e *Emulator) Group(id string) (Group, bool) {
	now := e.lockAdvance()
	defer e.mu.Unlock()
	g, ok := e.st.lookup(id, now)
	if !ok {
		return Group{}, false
	}
	return g.snapshot(), true
}

// Groups returns every visible group in creation order.
func (e *Emulator) Groups() []Group {
	now := e.lockAdvance()
	defer e.mu.Unlock()
	out := []Group{}
	for _, g := range e.st.order {
		if g.visible(now) {
			out = append(out, g.snapshot())
		}
	}
	return out
}

// PendingCreates counts creations accepted but not visible yet.
func (e *Emulator) PendingCreates() int {
	now := e.lockAdvance()
	defer e.mu.Unlock()
	n := 0
	for _, g := range e.st.order {
		if now.Before(g.visibleAt) {
			n++
		}
	}
	return n
}

// withGroup runs fn on a visible group under the store lock.
func (e *Emulator) withGroup(id string, fn func(g *group) error) error {
	now := e.lockAdvance()
	defer e.mu.Unlock()
	g, ok := e.st.lookup(id, now)
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownGroup, id)
	}
	return fn(g)
}

// EditGroup changes subject and/or description at once, as a group admin
// would in WhatsApp; a group_settings_update webhook without request_id follows.
func (e *Emulator) EditGroup(id string, subject, description *string) error {
	return e.withGroup(id, func(g *group) error {
		u := pendingUpdate{at: e.now()}
		if subject != nil {
			s, aerr := validateSubject(*subject)
			if aerr != nil {
				return fmt.Errorf("%w: %s", ErrInvalidSetting, aerr.details)
			}
			u.subject = &s
		}
		if description != nil {
			if aerr := validateDescription(*description); aerr != nil {
				return fmt.Errorf("%w: %s", ErrInvalidSetting, aerr.details)
			}
			u.description = description
		}
		e.emit(g.apply(u))
		return nil
	})
}

// DeleteGroup deletes a group at once, out of band (group_delete webhook
// without request_id).
func (e *Emulator) DeleteGroup(id string) error {
	return e.withGroup(id, func(g *group) error {
		e.st.remove(g)
		e.emit(groupDeleteEvent(g.id, "", e.now()))
		return nil
	})
}

// RotateInviteLink resets the link out of band and returns the new one.
func (e *Emulator) RotateInviteLink(id string) (string, error) {
	var link string
	err := e.withGroup(id, func(g *group) error {
		link = e.st.newLink(g)
		return nil
	})
	return link, err
}

// InviteLink returns the current link, generating one after a deletion
// exactly as GET /groups/{id}/invite_link would.
func (e *Emulator) InviteLink(id string) (string, error) {
	var link string
	err := e.withGroup(id, func(g *group) error {
		link = g.link
		if link == "" {
			link = e.st.newLink(g)
		}
		return nil
	})
	return link, err
}

// ValidInviteLink reports whether link is the current link of a visible group.
func (e *Emulator) ValidInviteLink(link string) bool {
	now := e.lockAdvance()
	defer e.mu.Unlock()
	g, ok := e.st.links[link]
	return ok && g.visible(now)
}

// JoinViaLink plays a user tapping an invite link: auto_approve groups add
// the user (ErrGroupFull when full), approval_required groups get a pending
// join request. Users removed by the business, old and deleted links fail.
func (e *Emulator) JoinViaLink(link, user string) error {
	if normalizeUser(user) == "" {
		return fmt.Errorf("%w: empty user", ErrInvalidSetting)
	}
	now := e.lockAdvance()
	defer e.mu.Unlock()
	waID := e.st.resolveUser(user).key()
	g, ok := e.st.links[link]
	if !ok || !g.visible(now) {
		return ErrInvalidLink
	}
	switch {
	case g.suspended:
		return ErrGroupSuspended
	case g.wasRemoved(waID):
		return ErrRemovedParticipant
	case g.isParticipant(waID):
		return ErrAlreadyParticipant
	}
	if g.mode == modeApproval {
		if _, jr := g.joinRequestByUser(waID); jr != nil {
			return ErrAlreadyRequested
		}
		jr := &joinRequest{id: encodeOpaque(waID + ":" + g.jid), waID: waID, created: now}
		g.joinRequests = append(g.joinRequests, jr)
		e.emit(e.joinRequestEvent("group_join_request_created", g.id, jr, now))
		return nil
	}
	if len(g.participants) >= e.opts.MaxParticipants {
		return ErrGroupFull
	}
	g.participants = append(g.participants, waID)
	e.emit(participantsAddEvent(g.id, now, []map[string]string{e.st.userFields(waID)}))
	return nil
}

// RevokeJoinRequest plays a user cancelling their join request.
func (e *Emulator) RevokeJoinRequest(groupID, waID string) error {
	return e.withGroup(groupID, func(g *group) error {
		i, jr := g.joinRequestByUser(e.st.resolveUser(waID).key())
		if jr == nil {
			return ErrNoJoinRequest
		}
		g.joinRequests = slices.Delete(g.joinRequests, i, i+1)
		e.emit(e.joinRequestEvent("group_join_request_revoked", g.id, jr, e.now()))
		return nil
	})
}

// JoinRequests returns the pending join requests of a visible group.
func (e *Emulator) JoinRequests(groupID string) []JoinRequest {
	var out []JoinRequest
	_ = e.withGroup(groupID, func(g *group) error {
		for _, jr := range g.joinRequests {
			u := e.st.resolveUser(jr.waID)
			out = append(out, JoinRequest{ID: jr.id, WaID: u.WaID, UserID: u.UserID, ParentUserID: u.ParentUserID,
				Username: u.Username, CreationTimestamp: jr.created.Unix()})
		}
		return nil
	})
	return out
}

// LeaveGroup plays a participant leaving on their own; unlike a removal by
// the business, this does not stop them from rejoining.
func (e *Emulator) LeaveGroup(groupID, waID string) error {
	return e.withGroup(groupID, func(g *group) error {
		waID = e.st.resolveUser(waID).key()
		if !g.isParticipant(waID) {
			return ErrNotParticipant
		}
		g.participants = slices.DeleteFunc(g.participants, func(p string) bool { return p == waID })
		ev := newEvent("group_participants_update", "group_participants_remove", g.id, e.now())
		ev.value["initiated_by"] = "participant"
		ev.value["removed_participants"] = []map[string]string{e.st.userFields(waID)}
		e.emit(ev)
		return nil
	})
}

// SetTermsNotAccepted marks a user whose join request approval fails with 131203.
func (e *Emulator) SetTermsNotAccepted(waID string, notAccepted bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if notAccepted {
		e.st.noTerms[e.st.resolveUser(waID).key()] = true
	} else {
		delete(e.st.noTerms, e.st.resolveUser(waID).key())
	}
}

// SetSuspended plays WhatsApp suspending a group or lifting the suspension
// (group_status_update webhook).
func (e *Emulator) SetSuspended(id string, suspended bool) error {
	return e.withGroup(id, func(g *group) error {
		if g.suspended != suspended {
			g.suspended = suspended
			e.emit(statusEvent(g.id, suspended, e.now()))
		}
		return nil
	})
}

// ParticipantsEverRemoved returns the users the business removed from a
// group, in removal order: the ones who can no longer join via link.
func (e *Emulator) ParticipantsEverRemoved(groupID string) []string {
	var out []string
	_ = e.withGroup(groupID, func(g *group) error {
		out = slices.Clone(g.removed)
		return nil
	})
	return out
}

// Templates returns every template in creation order.
func (e *Emulator) Templates() []Template {
	now := e.lockAdvance()
	defer e.mu.Unlock()
	out := []Template{}
	for _, t := range e.st.templates {
		t.refresh(now)
		out = append(out, t.Template)
	}
	return out
}

// SeedTemplate stores t as is (no validation), filling the ID, a lowercase
// Status (library templates approved, others pending) and RejectedReason.
func (e *Emulator) SeedTemplate(t Template) Template {
	now := e.lockAdvance()
	defer e.mu.Unlock()
	return e.addTemplate(t, now).Template
}

// SetTemplateStatus plays Meta's review: sets the status (any case) of the
// template name+language, or of every language of name when language is "".
func (e *Emulator) SetTemplateStatus(name, language, status, reason string) error {
	status = strings.ToLower(status)
	if !slices.Contains(templateStatuses, status) {
		return fmt.Errorf("%w: unknown template status %q", ErrInvalidSetting, status)
	}
	now := e.lockAdvance()
	defer e.mu.Unlock()
	found := false
	for _, t := range e.st.templates {
		if t.Name == name && (language == "" || t.Language == language) {
			found = true
			t.Status, t.RejectedReason = status, rejectedReason(status, reason)
			t.modified, t.reviewAt = now, time.Time{}
		}
	}
	if !found {
		return fmt.Errorf("%w: %s/%s", ErrTemplateNotFound, name, language)
	}
	return nil
}

// FailCreates makes every group create answer the error code (131214 group
// creation temporarily disabled, 131215 number not eligible); 0 restores
// normal creation.
func (e *Emulator) FailCreates(code int) { e.createFailure.Store(int64(code)) }
