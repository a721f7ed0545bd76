package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Sending the group invite template (CONTRACT §3.10): a template message to
// one user whose body parameter of type group_id the platform turns into the
// group's current invite link on delivery.

// MessagesPath is where 360dialog accepts messages: POST /messages.
func (d360Backend) MessagesPath() string { return "/messages" }

// MessagesPath is where the Cloud API accepts messages of the phone number:
// POST /<version>/<phone_number_id>/messages (CONTRACT §1.1).
func (b metaBackend) MessagesPath() string { return b.node(b.cfg.PhoneNumberID) + "/messages" }

// messagesBackend is implemented by backends that can send messages.
type messagesBackend interface{ MessagesPath() string }

// SendTemplateInput is one template message to one user.
type SendTemplateInput struct {
	To               string // a phone number or WhatsApp id, as the user wrote it
	TemplateName     string
	TemplateLanguage string
	GroupID          string // sent as the body parameter of type group_id
}

// SendTemplateResult is the accepted message.
type SendTemplateResult struct {
	MessageID string
	WaID      string // the WhatsApp id the API resolved To to ("" when it does not say)
}

// SendTemplate sends one template message. Sending is not idempotent: a
// repeated send delivers a second message. The call is therefore repeated
// only when the API certainly did not act (throttled, or the connection was
// never made); any unclear failure, including a success answer without a
// message id, ends in an *AmbiguousError and must not be sent again blindly.
func (c *Client) SendTemplate(ctx context.Context, in SendTemplateInput) (SendTemplateResult, error) {
	mb, ok := c.backend.(messagesBackend)
	if !ok {
		return SendTemplateResult{}, fmt.Errorf("send template: the %s backend cannot send messages", c.backend.Name())
	}
	payload := map[string]any{
		"messaging_product": "whatsapp",
		"recipient_type":    "individual",
		"to":                in.To,
		"type":              "template",
		"template": map[string]any{
			"name":     in.TemplateName,
			"language": map[string]string{"code": in.TemplateLanguage},
			"components": []any{map[string]any{
				"type":       "body",
				"parameters": []any{map[string]string{"type": "group_id", "group_id": in.GroupID}},
			}},
		},
	}
	cl, err := jsonCall("send template message", http.MethodPost, mb.MessagesPath(), payload, false)
	if err != nil {
		return SendTemplateResult{}, err
	}
	var out struct {
		Contacts []struct {
			WaID FlexString `json:"wa_id"`
		} `json:"contacts"`
		Messages []struct {
			ID FlexString `json:"id"`
		} `json:"messages"`
	}
	if err := c.do(ctx, cl, &out); err != nil {
		return SendTemplateResult{}, err
	}
	if len(out.Messages) == 0 || out.Messages[0].ID == "" {
		return SendTemplateResult{}, &AmbiguousError{Operation: "send template message",
			Err: errors.New("the API answered success but no message id")}
	}
	res := SendTemplateResult{MessageID: string(out.Messages[0].ID)}
	if len(out.Contacts) > 0 {
		res.WaID = string(out.Contacts[0].WaID)
	}
	return res, nil
}
