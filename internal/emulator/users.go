package emulator

import (
	"errors"
	"fmt"
	"strings"
)

// User is a WhatsApp user as the API reports them. With business-scoped user
// ids rolling out (CONTRACT.md §3.3, open question 14), a user may have a
// phone number (wa_id), a business-scoped id (user_id, such as
// US.13491208655302741918), both, and optionally a parent_user_id and a
// username. Participants and join requests carry exactly the identifiers the
// user has, so a user without a phone number has no wa_id at all.
type User struct {
	WaID         string `json:"wa_id,omitempty"`
	UserID       string `json:"user_id,omitempty"`
	ParentUserID string `json:"parent_user_id,omitempty"`
	Username     string `json:"username,omitempty"`
}

// key is how the store refers to the user: the wa_id when there is one,
// otherwise the business-scoped id.
func (u User) key() string {
	if u.WaID != "" {
		return u.WaID
	}
	return u.UserID
}

func (u User) identifiers() []string {
	var out []string
	for _, s := range []string{u.WaID, u.UserID, u.ParentUserID, u.Username} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// fields renders the user as participants and join requests list them.
func (u User) fields() map[string]string {
	m := map[string]string{}
	for k, v := range map[string]string{"wa_id": u.WaID, "user_id": u.UserID, "parent_user_id": u.ParentUserID, "username": u.Username} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// ErrUserConflict is returned when a registered user shares an identifier
// with another one.
var ErrUserConflict = errors.New("emulator: identifier already belongs to another user")

// RegisterUser makes a user known with all their identifiers, so that the
// API reports them that way once they join or ask to join. Users who were
// never registered and are named by digits are phone-number-only users (the
// classic case). It returns the identifier the admin API then accepts for
// the user (any of them works).
func (e *Emulator) RegisterUser(u User) (string, error) {
	u.WaID = normalizeUser(u.WaID)
	u.UserID = strings.TrimSpace(u.UserID)
	u.ParentUserID = strings.TrimSpace(u.ParentUserID)
	u.Username = strings.TrimPrefix(strings.TrimSpace(u.Username), "@")
	if u.WaID == "" && u.UserID == "" {
		return "", fmt.Errorf("%w: a user needs a wa_id, a user_id or both", ErrInvalidSetting)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, id := range u.identifiers() {
		if other, ok := e.st.userByID[id]; ok && other.key() != u.key() {
			return "", fmt.Errorf("%w: %s", ErrUserConflict, id)
		}
	}
	for _, id := range u.identifiers() {
		e.st.userByID[id] = u
	}
	return u.key(), nil
}

// resolveUser returns the user an admin call or a removal names, by any of
// their identifiers. Unknown digits are a phone-number-only user; an unknown
// identifier of another shape is a business-scoped id without a phone
// number. Called with e.mu held.
func (s *store) resolveUser(id string) User {
	id = strings.TrimSpace(id)
	if u, ok := s.userByID[strings.TrimPrefix(id, "@")]; ok {
		return u
	}
	n := normalizeUser(id)
	if u, ok := s.userByID[n]; ok {
		return u
	}
	if n != "" && strings.Trim(n, "0123456789") == "" {
		return User{WaID: n}
	}
	return User{UserID: id}
}

// userFields renders the user stored under key. Called with e.mu held.
func (s *store) userFields(key string) map[string]string {
	return s.resolveUser(key).fields()
}
