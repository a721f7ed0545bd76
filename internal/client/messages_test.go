package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

func newMessagesClient(t *testing.T, h http.Handler) *client.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, APIKey: "k",
		Retry: client.RetryPolicy{MaxAttempts: 5, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSendTemplate(t *testing.T) {
	em := emulator.New(emulator.Options{APIKey: "k"})
	id := em.SeedGroup("Support", "", "")
	em.SeedTemplate(emulator.Template{Name: "invite", Language: "en_US", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
	c := newMessagesClient(t, em)
	ctx := context.Background()

	res, err := c.SendTemplate(ctx, client.SendTemplateInput{To: "+1 555 010 0001", TemplateName: "invite", TemplateLanguage: "en_US", GroupID: id})
	if err != nil {
		t.Fatal(err)
	}
	sent := em.Messages()
	if len(sent) != 1 || sent[0].ID != res.MessageID || res.WaID != "15550100001" || sent[0].GroupID != id {
		t.Fatalf("result %+v, sent %+v", res, sent)
	}

	_, err = c.SendTemplate(ctx, client.SendTemplateInput{To: "15550100002", TemplateName: "nope", TemplateLanguage: "en_US", GroupID: id})
	if !client.HasCode(err, 132001) {
		t.Fatalf("unknown template: %v, want code 132001", err)
	}
}

// TestSendTemplateNeverRepeatsAnUnclearSend: a lost answer and a 5xx are
// unclear outcomes, reported as such after exactly one attempt; a throttled
// send is repeated (the API certainly did not act) and sent once.
func TestSendTemplateNeverRepeatsAnUnclearSend(t *testing.T) {
	for _, tc := range []struct {
		kind      emulator.FaultKind
		ambiguous bool
		messages  int
	}{
		{emulator.FaultLostAfter, true, 1},
		{emulator.Fault500, true, 0},
		{emulator.Fault429, false, 1},
		// The client cannot tell a reset before the operation from one after.
		{emulator.FaultResetBefore, true, 0},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			em := emulator.New(emulator.Options{APIKey: "k"})
			id := em.SeedGroup("Support", "", "")
			em.SeedTemplate(emulator.Template{Name: "invite", Language: "en_US", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
			em.AddFault(emulator.FaultRule{Kind: tc.kind, Route: "messages.send", Count: 1})
			c := newMessagesClient(t, em)

			_, err := c.SendTemplate(context.Background(), client.SendTemplateInput{To: "15550100001", TemplateName: "invite", TemplateLanguage: "en_US", GroupID: id})
			var amb *client.AmbiguousError
			if got := errors.As(err, &amb); got != tc.ambiguous {
				t.Fatalf("error %v: ambiguous = %v, want %v", err, got, tc.ambiguous)
			}
			if n := len(em.Messages()); n != tc.messages {
				t.Errorf("%d messages delivered, want %d", n, tc.messages)
			}
			if tc.ambiguous && em.Calls("messages.send") != 1 {
				t.Errorf("an unclear send was repeated: %d calls", em.Calls("messages.send"))
			}
		})
	}
}

// TestSendTemplateSuccessWithoutID: a 200 without a message id is unclear,
// not a failure that could be sent again.
func TestSendTemplateSuccessWithoutID(t *testing.T) {
	c := newMessagesClient(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"messaging_product":"whatsapp","contacts":[{"input":"1","wa_id":"1"}],"messages":[]}`))
	}))
	_, err := c.SendTemplate(context.Background(), client.SendTemplateInput{To: "15550100001", TemplateName: "t", TemplateLanguage: "en_US", GroupID: "g"})
	if !client.IsAmbiguous(err) {
		t.Fatalf("got %v, want an AmbiguousError", err)
	}
}
