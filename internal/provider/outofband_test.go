package provider

import (
	"context"
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
