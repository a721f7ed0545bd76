package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Identity of the emulated business in webhook envelopes (CONTRACT §6).
const (
	wabaID        = "100000000000360"
	phoneNumberID = "100000000000001"
)

// event is one group event object of a webhook, with its webhook field.
type event struct {
	field string
	value map[string]any
}

func newEvent(field, typ, groupID string, now time.Time) event {
	return event{field: field, value: map[string]any{
		"type": typ, "group_id": groupID, "timestamp": strconv.FormatInt(now.Unix(), 10),
	}}
}

func groupCreateEvent(g *group) event {
	ev := newEvent("group_lifecycle_update", "group_create", g.id, g.visibleAt)
	ev.value["request_id"] = g.requestID
	ev.value["subject"] = g.subject
	ev.value["invite_link"] = g.link
	ev.value["join_approval_mode"] = g.mode
	return ev
}

func groupDeleteEvent(groupID, requestID string, at time.Time) event {
	ev := newEvent("group_lifecycle_update", "group_delete", groupID, at)
	if requestID != "" {
		ev.value["request_id"] = requestID
	}
	return ev
}

func settingsEvent(groupID string, u pendingUpdate) event {
	ev := newEvent("group_settings_update", "group_settings_update", groupID, u.at)
	if u.requestID != "" {
		ev.value["request_id"] = u.requestID
	}
	if u.subject != nil {
		ev.value["group_subject"] = map[string]any{"text": *u.subject, "update_successful": true}
	}
	if u.description != nil {
		ev.value["group_description"] = map[string]any{"text": *u.description, "update_successful": true}
	}
	if u.pictureSHA != nil {
		ev.value["profile_picture"] = map[string]any{"mime_type": "image/jpeg", "update_successful": true, "sha256": *u.pictureSHA}
	}
	return ev
}

func participantsAddEvent(groupID string, now time.Time, added []map[string]string) event {
	ev := newEvent("group_participants_update", "group_participants_add", groupID, now)
	ev.value["reason"] = "invite_link"
	ev.value["added_participants"] = added
	return ev
}

// joinRequestEvent carries the user's identifiers as the list reports them.
// Called with e.mu held.
func (e *Emulator) joinRequestEvent(typ, groupID string, jr *joinRequest, now time.Time) event {
	ev := newEvent("group_participants_update", typ, groupID, now)
	ev.value["join_request_id"] = jr.id
	for k, v := range e.st.userFields(jr.waID) {
		ev.value[k] = v
	}
	return ev
}

func statusEvent(groupID string, suspended bool, now time.Time) event {
	typ := "group_suspend_cleared"
	if suspended {
		typ = "group_suspend"
	}
	return newEvent("group_status_update", typ, groupID, now)
}

// emit queues ev for delivery; a no-op without WebhookURL. Called with e.mu
// held so events leave in the order they happened.
func (e *Emulator) emit(ev event) {
	if e.hooks == nil {
		return
	}
	body, err := json.Marshal(map[string]any{
		"object": "whatsapp_business_account",
		"entry": []any{map[string]any{
			"id": wabaID,
			"changes": []any{map[string]any{
				"field": ev.field,
				"value": map[string]any{
					"messaging_product": "whatsapp",
					"metadata":          map[string]string{"display_phone_number": businessNumber, "phone_number_id": phoneNumberID},
					"groups":            []any{ev.value},
				},
			}},
		}},
	})
	if err == nil {
		e.hooks.enqueue(body)
	}
}

// webhookQueue delivers payloads in order, best effort: one attempt each with
// a short timeout. Its sender goroutine exits when the queue is empty so idle
// emulators hold no goroutine.
type webhookQueue struct {
	url    string
	client *http.Client

	mu      sync.Mutex
	queue   [][]byte
	running bool
}

func newWebhookQueue(url string) *webhookQueue {
	return &webhookQueue{url: url, client: &http.Client{Timeout: 5 * time.Second}}
}

// maxQueuedWebhooks bounds memory when the receiver is down.
const maxQueuedWebhooks = 10000

func (q *webhookQueue) enqueue(body []byte) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.queue) >= maxQueuedWebhooks {
		return
	}
	q.queue = append(q.queue, body)
	if !q.running {
		q.running = true
		go q.run()
	}
}

func (q *webhookQueue) run() {
	for {
		q.mu.Lock()
		if len(q.queue) == 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		body := q.queue[0]
		q.queue = q.queue[1:]
		q.mu.Unlock()
		q.send(body)
	}
}

func (q *webhookQueue) send(body []byte) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, q.url, bytes.NewReader(body))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := q.client.Do(req)
	if err != nil {
		return
	}
	_ = resp.Body.Close()
}
