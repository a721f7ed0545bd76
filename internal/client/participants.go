package client

import (
	"context"
	"fmt"
	"net/http"
)

// MaxParticipantsPerRemoval is the most users one removal call accepts.
const MaxParticipantsPerRemoval = 8

// RemoveParticipantsResult is the outcome of one removal call. The documented
// answer carries only a request id; a partial failure (HTTP 206, code 131201)
// may list per-user results like the webhook does.
type RemoveParticipantsResult struct {
	RequestID string
	Removed   []string
	Failed    []ItemFailure
	Errors    []APIError
	// Unconfirmed is true when the answer named nobody (only a request id,
	// the documented answer): the API accepted the call, but it reports
	// per-user failures only by webhook, so Removed is what was asked for,
	// not what happened. The caller confirms by reading the group.
	Unconfirmed bool
}

// RemoveParticipants removes 1..8 users (phone numbers or WhatsApp ids).
// Removed users can never rejoin through the invite link. Not repeated after
// an unclear failure.
func (c *Client) RemoveParticipants(ctx context.Context, groupID string, users []string) (RemoveParticipantsResult, error) {
	if len(users) == 0 || len(users) > MaxParticipantsPerRemoval {
		return RemoveParticipantsResult{}, fmt.Errorf("remove participants: between 1 and %d users per call, got %d", MaxParticipantsPerRemoval, len(users))
	}
	list := make([]map[string]string, 0, len(users))
	for _, u := range users {
		list = append(list, map[string]string{"user": u})
	}
	payload := map[string]any{"messaging_product": "whatsapp", "participants": list}
	cl, err := jsonCall("remove participants", http.MethodDelete, c.backend.ParticipantsPath(groupID), payload, false)
	if err != nil {
		return RemoveParticipantsResult{}, err
	}
	var out struct {
		RequestID FlexString `json:"request_id"`
		Removed   []struct {
			Input string `json:"input"`
			WaID  string `json:"wa_id"`
		} `json:"removed_participants"`
		Failed []struct {
			Input  string      `json:"input"`
			Errors []wireError `json:"errors"`
		} `json:"failed_participants"`
		Errors []wireError `json:"errors"`
	}
	if err := c.do(ctx, cl, &out); err != nil {
		return RemoveParticipantsResult{}, err
	}
	res := RemoveParticipantsResult{RequestID: string(out.RequestID)}
	for _, r := range out.Removed {
		res.Removed = append(res.Removed, firstNonEmpty(r.Input, r.WaID))
	}
	for _, f := range out.Failed {
		item := ItemFailure{ID: f.Input}
		for _, e := range f.Errors {
			item.Errors = append(item.Errors, errorFromWire(e))
		}
		res.Failed = append(res.Failed, item)
	}
	for _, e := range out.Errors {
		res.Errors = append(res.Errors, errorFromWire(e))
	}
	c.redactBatchErrors(res.Failed, res.Errors)
	if len(out.Removed) == 0 && len(out.Failed) == 0 {
		// The plain documented answer: the removal of everyone listed was
		// accepted; whether it worked shows in the group later.
		res.Removed = append(res.Removed, users...)
		res.Unconfirmed = true
	}
	return res, nil
}
