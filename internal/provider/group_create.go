package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/groupcreate"
)

// createGroup sends the create request and resolves the new group's id.
//
// The API answers a request id and creates the group later, so the id is
// found in the list of active groups: a group is ours when it was not in the
// list before the request (baseline), has the subject we sent, was created
// after the request, is not claimed by another create of this provider
// process, and a GET confirms the description and join approval mode. That
// GET asks for every field the state holds, so the group it returns (read
// is not nil) needs no second read. When the API answers an id, it is only
// a hint: used when a GET confirms it (confirmAnsweredID), else the list
// match runs as for a request id.
//
// A create whose response was lost may still have created a group, so before
// sending it again the provider looks for that group for
// Timing.AmbiguousCreateWait. It keeps doing so until the create timeout:
// every round first looks, so repeating cannot make a second group.
//
// When ctx ends after a request was sent (the API accepted it, or its
// outcome is unclear) but before the group is identified, it returns the
// pending-create record: the request and the ids that can never be its group
// (same-subject groups of the baseline, and groups other creates of this
// process hold). A create that ends before any request went out returns no
// record: nothing can appear.
func (r *groupResource) createGroup(ctx context.Context, in client.CreateGroupInput, sentAt time.Time) (id string, read *client.Group, pending *pendingCreate, err error) {
	co := r.data.creator
	notBefore := sentAt.Add(-clockSkewTolerance).Unix()
	base, err := co.Baseline(ctx)
	if err != nil {
		return "", nil, nil, fmt.Errorf("listing the existing groups before creating a new one: %w", err)
	}
	var verified client.Group
	notOurs := func() *pendingCreate {
		return &pendingCreate{
			Subject: in.Subject, Description: in.Description, JoinApprovalMode: in.JoinApprovalMode,
			NotBefore: notBefore,
			Until:     sentAt.Add(r.data.timing.PendingCreateGrace).Unix(),
			Exclude:   append(base.WithSubject(in.Subject), co.Claimed()...),
		}
	}
	sent := false // a request may have reached the API
	want := groupcreate.Want{
		Subject:   in.Subject,
		NotBefore: notBefore,
		Verify: func(ctx context.Context, id string) (bool, error) {
			g, err := r.data.client.GetGroup(ctx, id, groupReadFields...)
			if err != nil {
				return false, err
			}
			if g.Subject == in.Subject && hasSentSettings(g, in.Description, in.JoinApprovalMode) {
				verified = g
				return true, nil
			}
			return false, nil
		},
	}

	for attempt := 1; ; attempt++ {
		res, err := r.data.client.CreateGroup(ctx, in)
		sent = sent || err == nil || client.IsAmbiguous(err)
		switch {
		case err == nil && res.GroupID != "":
			if r.confirmAnsweredID(ctx, res.GroupID, want) {
				return res.GroupID, &verified, nil, nil
			}
			// Not (yet) a visible group with the settings sent: the id may
			// be a request id. The list match decides, against the
			// baseline taken before the create.
			tflog.Debug(ctx, "the create answered an id that is not a visible group with the settings sent; matching the list instead", map[string]any{"id": res.GroupID})
			id, err := co.Await(ctx, base, want)
			if err != nil {
				return "", nil, notOurs(), fmt.Errorf("group creation answered id %s: %w", res.GroupID, err)
			}
			return id, &verified, nil, nil
		case err == nil:
			tflog.Debug(ctx, "group creation accepted; waiting for the group to appear", map[string]any{"request_id": res.RequestID})
			id, err := co.Await(ctx, base, want)
			if err != nil {
				return "", nil, notOurs(), fmt.Errorf("group creation request %s: %w", res.RequestID, err)
			}
			return id, &verified, nil, nil
		case client.IsAmbiguous(err):
			tflog.Warn(ctx, "the create response was lost; looking for the group before asking again", map[string]any{"attempt": attempt, "error": err.Error()})
			look := want
			look.GiveUpAfter = r.data.timing.AmbiguousCreateWait
			look.GiveUpScans = ambiguousCreateScans
			id, awaitErr := co.Await(ctx, base, look)
			if awaitErr == nil {
				return id, &verified, nil, nil
			}
			if ctx.Err() != nil {
				return "", nil, notOurs(), fmt.Errorf("%w; the last create attempt ended unclear: %s", ctx.Err(), err.Error())
			}
		default:
			if ctx.Err() != nil && sent {
				return "", nil, notOurs(), err
			}
			return "", nil, nil, err
		}
	}
}

// confirmAnsweredID checks an id the create answered. 360dialog's reference
// shows `{"id": ...}` with a short number while group ids look quite
// different, so the id may name the request rather than the group: it is
// used only when a GET shows a group with the subject and settings sent that
// no other create of this process holds, and then claimed.
func (r *groupResource) confirmAnsweredID(ctx context.Context, id string, want groupcreate.Want) bool {
	co := r.data.creator
	if !co.Claim(id) {
		return false
	}
	ok, err := want.Verify(ctx, id)
	if err != nil || !ok {
		co.Release(id)
		tflog.Debug(ctx, "the id the create answered is not confirmed as the new group", map[string]any{"id": id, "error": fmt.Sprint(err)})
		return false
	}
	return true
}

// ambiguousCreateScans is how many complete list scans must miss the group,
// besides AmbiguousCreateWait passing, before a create whose outcome was
// unclear is sent again.
const ambiguousCreateScans = 3

// readWhenVisible reads a new group, waiting while the API does not know it
// yet (the id-answering create variant may answer before the group exists).
func (r *groupResource) readWhenVisible(ctx context.Context, id string) (client.Group, error) {
	var g client.Group
	err := pollUntil(ctx, r.data.timing, func(ctx context.Context) (bool, error) {
		var err error
		g, err = r.data.client.GetGroup(ctx, id, groupReadFields...)
		if client.IsNotFound(err) {
			return false, nil
		}
		return err == nil, err
	})
	return g, err
}

// waitForSettings reads the group until subject and description show the
// planned values.
func (r *groupResource) waitForSettings(ctx context.Context, id string, plan groupModel) (client.Group, error) {
	var g client.Group
	err := pollUntil(ctx, r.data.timing, func(ctx context.Context) (bool, error) {
		var err error
		g, err = r.data.client.GetGroup(ctx, id, groupReadFields...)
		if err != nil {
			return false, err
		}
		return g.Subject == plan.Subject.ValueString() && g.Description == plan.Description.ValueString(), nil
	})
	if errors.Is(err, context.DeadlineExceeded) {
		return g, fmt.Errorf("the group still shows subject %q and description %q: %w", g.Subject, g.Description, err)
	}
	return g, err
}

// hasSentSettings reports whether a group read back has the description and
// join approval mode a create sent (the list shows neither). The client
// already turned an omitted mode into its default (applyGroupDefaults), so
// g must come from a GET that asked for the mode.
func hasSentSettings(g client.Group, description, mode string) bool {
	return g.Description == description && g.JoinApprovalMode == mode
}
