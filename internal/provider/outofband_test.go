package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// Out-of-band changes made through the API itself, as a person with the same
// key would make them: unlike the emulator's admin surface, they work in live
// mode too.

// deleteGroupOutOfBand deletes a group through the API and waits until the
// API no longer knows it.
func (e *accEnv) deleteGroupOutOfBand(t *testing.T, id string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), e.timing.DeleteTimeout)
	defer cancel()
	c := e.apiClient()
	if err := c.DeleteGroup(ctx, id); err != nil && !client.IsNotFound(err) {
		t.Fatalf("deleting group %s out of band: %v", id, err)
	}
	for {
		_, err := c.GetGroup(ctx, id)
		if client.IsNotFound(err) {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("group %s still there after deletion: %v", id, err)
		}
		time.Sleep(e.timing.PollInitial)
	}
}

// editGroupOutOfBand changes a group's subject and description through the
// API and waits until a read shows them (the API applies settings
// asynchronously).
func (e *accEnv) editGroupOutOfBand(t *testing.T, id, subject, description string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), e.timing.UpdateTimeout)
	defer cancel()
	c := e.apiClient()
	if _, err := c.UpdateGroup(ctx, id, client.UpdateGroupInput{Subject: &subject, Description: &description}); err != nil {
		t.Fatalf("editing group %s out of band: %v", id, err)
	}
	for {
		g, err := c.GetGroup(ctx, id, client.FieldSubject, client.FieldDescription)
		if err == nil && g.Subject == subject && g.Description == description {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("group %s does not show the out-of-band edit: %+v %v", id, g, err)
		}
		time.Sleep(e.timing.PollInitial)
	}
}

// seedGroup makes a group exist before a test's first step. Against the
// emulator it is seeded at once; in live mode it is created through the API
// (subjects must carry the test prefix, so a sweeper finds leftovers), the
// test waits until the list shows it, and deletes it at the end.
func (e *accEnv) seedGroup(t *testing.T, subject, description, mode string) string {
	t.Helper()
	if e.Emulator != nil {
		return e.Emulator.SeedGroup(subject, description, mode)
	}
	if !strings.HasPrefix(subject, testNamePrefix) {
		t.Fatalf("live mode creates only groups named %s...: %q", testNamePrefix, subject)
	}
	ctx, cancel := context.WithTimeout(context.Background(), e.timing.CreateTimeout)
	defer cancel()
	c := e.apiClient()
	base, err := c.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	existing := map[string]bool{}
	for _, g := range base {
		existing[g.ID] = true
	}
	res, err := c.CreateGroup(ctx, client.CreateGroupInput{Subject: subject, Description: description, JoinApprovalMode: mode})
	if err != nil {
		t.Fatalf("seeding group %q: %v", subject, err)
	}
	for {
		groups, err := c.ListGroups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range groups {
			if g.Subject == subject && !existing[g.ID] {
				t.Cleanup(func() { e.deleteGroupOutOfBand(t, g.ID) })
				return g.ID
			}
		}
		if ctx.Err() != nil {
			t.Fatalf("seeded group %q (request %s) never appeared", subject, res.RequestID)
		}
		time.Sleep(e.timing.PollInitial)
	}
}
