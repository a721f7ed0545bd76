package client

import (
	"context"
	"fmt"
	"net/http"
)

var whatsappBody = map[string]string{"messaging_product": "whatsapp"}

type inviteLinkResponse struct {
	InviteLink string `json:"invite_link"`
}

// GetInviteLink returns the group's current invite link.
func (c *Client) GetInviteLink(ctx context.Context, groupID string) (string, error) {
	cl := call{op: "get invite link", method: http.MethodGet, path: c.backend.InviteLinkPath(groupID), idempotent: true}
	var out inviteLinkResponse
	if err := c.do(ctx, cl, &out); err != nil {
		return "", err
	}
	if out.InviteLink == "" {
		return "", fmt.Errorf("get invite link: the API answered no invite_link")
	}
	return out.InviteLink, nil
}

// ResetInviteLink issues a new invite link; every earlier link stops working.
// A repeated reset only yields yet another fresh link, so it is safe to retry.
func (c *Client) ResetInviteLink(ctx context.Context, groupID string) (string, error) {
	cl, err := jsonCall("reset invite link", http.MethodPost, c.backend.InviteLinkPath(groupID), whatsappBody, true)
	if err != nil {
		return "", err
	}
	var out inviteLinkResponse
	if err := c.do(ctx, cl, &out); err != nil {
		return "", err
	}
	if out.InviteLink == "" {
		return "", fmt.Errorf("reset invite link: the API answered no invite_link")
	}
	return out.InviteLink, nil
}

// DeleteInviteLink revokes the current invite link (documented only in Meta's
// OpenAPI spec; it answers "success":"true" as a string).
func (c *Client) DeleteInviteLink(ctx context.Context, groupID string) error {
	cl, err := jsonCall("delete invite link", http.MethodDelete, c.backend.InviteLinkPath(groupID), whatsappBody, true)
	if err != nil {
		return err
	}
	var out struct {
		Success FlexBool `json:"success"`
	}
	if err := c.do(ctx, cl, &out); err != nil {
		return err
	}
	return nil
}
