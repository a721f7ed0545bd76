package provider

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// A create that timed out before its group was identified leaves a tainted
// resource whose id is a placeholder carrying this record ("pending:" and
// the record in base64). The API accepted the request, so the group may
// still appear: later refreshes look for it, and destroying the tainted
// resource (its replacement) deletes it, so the group is neither orphaned
// nor duplicated. The record lives in the id rather than in private state
// because Terraform does not hand private state to the delete of a replaced
// resource.

const pendingIDPrefix = "pending:"

type pendingCreate struct {
	Subject          string `json:"subject"`
	Description      string `json:"description"`
	JoinApprovalMode string `json:"join_approval_mode"`
	// NotBefore (Unix seconds) is when the request was sent, less the
	// clock-skew tolerance: older groups are not this create's.
	NotBefore int64 `json:"not_before"`
	// Until (Unix seconds) is when the provider stops expecting the group to
	// appear (send time plus Timing.PendingCreateGrace).
	Until int64 `json:"until"`
	// Exclude lists groups that cannot be this create's: same-subject groups
	// that existed before it and groups other resources of the run held.
	Exclude []string `json:"exclude"`
}

func (p pendingCreate) expired(now time.Time) bool { return now.Unix() > p.Until }

func (p pendingCreate) id() string {
	raw, _ := json.Marshal(p)
	return pendingIDPrefix + base64.RawURLEncoding.EncodeToString(raw)
}

// parsePendingID decodes a placeholder id; ok is false for a real group id.
func parsePendingID(id string) (p pendingCreate, ok bool) {
	rest, found := strings.CutPrefix(id, pendingIDPrefix)
	if !found {
		return p, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || json.Unmarshal(raw, &p) != nil {
		return pendingCreate{}, true // unreadable: nothing to look for
	}
	return p, true
}

// savePendingCreate stores the tainted placeholder and the record.
func (r *groupResource) savePendingCreate(ctx context.Context, resp *resource.CreateResponse, plan groupModel, record pendingCreate, timeout time.Duration) {
	plan.ID = types.StringValue(record.id())
	plan.nullUnknowns()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.AddError("Timed out waiting for the group to be created",
		fmt.Sprintf("The API accepted the request to create the group %q, but the group did not appear in the list of active groups within %s. "+
			"The resource is saved as tainted with a record of the request, so no group is left behind: every refresh looks for the group, "+
			"and the next plan says in a warning when it has appeared.\n\n%s\n\nOnce the group has appeared, the refresh adopts it and "+
			"the plan shows no change. Raise timeouts.create if group creation is slow for this number.",
			record.Subject, timeout, untaintAdvice("the group (once it appears)")))
}

// readPendingCreate resolves the group of a pending create during refresh.
func (r *groupResource) readPendingCreate(ctx context.Context, resp *resource.ReadResponse, state *groupModel, pending pendingCreate) {
	if pending.Subject == "" {
		resp.State.RemoveResource(ctx) // nothing to wait for
		return
	}
	id, err := r.findPendingGroup(ctx, pending)
	switch {
	case err != nil:
		resp.Diagnostics.AddWarning("Group of an earlier create not identified yet", describeError(err))
		return // keep the placeholder
	case id == "" && pending.expired(time.Now()):
		// The request never produced a group: plan it anew.
		resp.State.RemoveResource(ctx)
		return
	case id == "":
		resp.Diagnostics.AddWarning("Group creation still pending",
			fmt.Sprintf("An earlier request to create the group %q timed out and its group has not appeared yet. "+
				"While the resource is tainted, destroying or replacing it waits for the group and deletes it. To keep the group "+
				"instead, wait until a plan says it has appeared, then run terraform untaint with this resource's address.", pending.Subject))
		return
	}
	g, err := r.data.client.GetGroup(ctx, id, groupReadFields...)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiag("Unable to read the group", err))
		return
	}
	state.ID = types.StringValue(id)
	state.applyRead(g)
	resp.Diagnostics.AddWarning("Group of an earlier create found",
		fmt.Sprintf("The group %q (%s), whose create timed out earlier, has appeared and is now in the state. "+
			"If the plan says this resource is tainted and must be replaced: %s", pending.Subject, id,
			untaintAdvice("this group")))
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// resolvePendingForDelete waits (within the delete timeout) for the group of
// a pending create so it can be deleted. It returns "" when there is nothing
// to delete, with an error diagnostic when that cannot be known yet.
func (r *groupResource) resolvePendingForDelete(ctx context.Context, resp *resource.DeleteResponse, pending pendingCreate, timeout time.Duration) string {
	if pending.Subject == "" {
		return ""
	}
	var id string
	err := pollUntil(ctx, r.data.timing, func(ctx context.Context) (bool, error) {
		var err error
		id, err = r.findPendingGroup(ctx, pending)
		return id != "" || pending.expired(time.Now()), err
	})
	switch {
	case id != "":
		return id
	case err == nil:
		return "" // the grace period passed without a group: nothing was created
	case ctx.Err() != nil:
		resp.Diagnostics.AddError("The group of an earlier create has not appeared yet",
			fmt.Sprintf("An earlier request to create the group %q timed out; its group did not appear within the delete timeout (%s), "+
				"and it may still appear until %s. Run the command again later so that the group can be deleted instead of left behind.",
				pending.Subject, timeout, time.Unix(pending.Until, 0).UTC().Format(time.RFC3339)))
	default:
		resp.Diagnostics.Append(apiErrorDiag("Unable to look for the group of an earlier create", err))
	}
	return ""
}

// findPendingGroup looks for the group of a pending create: same subject,
// created after the request, not excluded, with the description and mode that
// were sent. It returns "" when there is none, and an error naming the
// candidates when several match (it will not guess).
func (r *groupResource) findPendingGroup(ctx context.Context, p pendingCreate) (string, error) {
	excluded := make(map[string]bool, len(p.Exclude))
	for _, id := range p.Exclude {
		excluded[id] = true
	}
	var candidates []string
	err := r.data.client.EachGroup(ctx, func(page []client.GroupSummary) error {
		for _, g := range page {
			if g.Subject == p.Subject && !excluded[g.ID] && (g.CreatedAt == 0 || int64(g.CreatedAt) >= p.NotBefore) {
				candidates = append(candidates, g.ID)
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	var matches []string
	for _, id := range candidates {
		g, err := r.data.client.GetGroup(ctx, id, client.FieldDescription, client.FieldJoinApprovalMode)
		if client.IsNotFound(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		if hasSentSettings(g, p.Description, p.JoinApprovalMode) {
			matches = append(matches, id)
		}
	}
	switch len(matches) {
	case 0:
		return "", nil
	case 1:
		r.data.creator.Claim(matches[0])
		return matches[0], nil
	default:
		return "", fmt.Errorf("%d groups match the earlier create of %q (%s) and the provider cannot tell which one it made; "+
			"import the right one with terraform import, or delete the extra one", len(matches), p.Subject, strings.Join(matches, ", "))
	}
}
