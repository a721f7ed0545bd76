package client_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// A create whose response is lost after the API acted is reported as an
// ambiguous outcome (not a plain failure) and leaves exactly one group.
func TestLostCreateResponseAgainstTheEmulator(t *testing.T) {
	em := emulator.New(emulator.Options{APIKey: "k", CreateDelay: 10 * time.Millisecond})
	srv := httptest.NewServer(em)
	defer srv.Close()
	em.AddFault(emulator.FaultRule{Kind: emulator.FaultLostAfter, Route: "groups.create", Count: 1})
	c, err := client.New(client.Config{BaseURL: srv.URL, APIKey: "k",
		Retry: client.RetryPolicy{MaxAttempts: 5, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	_, err = c.CreateGroup(ctx, client.CreateGroupInput{Subject: "Support"})
	var amb *client.AmbiguousError
	if !errors.As(err, &amb) {
		t.Fatalf("got %v, want an AmbiguousError", err)
	}
	if n := em.Calls("groups.create"); n != 1 {
		t.Fatalf("the create was sent %d times, want once", n)
	}
	time.Sleep(50 * time.Millisecond)
	groups, err := c.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 || groups[0].Subject != "Support" {
		t.Fatalf("the API holds %+v, want exactly the one group the lost request created", groups)
	}
}
