package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Join approval modes (CONTRACT.md §3.1).
const (
	JoinApprovalAuto     = "auto_approve"
	JoinApprovalRequired = "approval_required"
)

// MaxPageSize is the largest `limit` the list endpoints accept.
const MaxPageSize = 1024

// Group fields that GET /groups/{id} can return (CONTRACT.md §3.3).
const (
	FieldSubject               = "subject"
	FieldDescription           = "description"
	FieldJoinApprovalMode      = "join_approval_mode"
	FieldSuspended             = "suspended"
	FieldCreationTimestamp     = "creation_timestamp"
	FieldParticipants          = "participants"
	FieldTotalParticipantCount = "total_participant_count"
)

// CreateGroupInput is the body of POST /groups.
type CreateGroupInput struct {
	Subject          string
	Description      string
	JoinApprovalMode string
}

// CreateGroupResult holds what the create call answered: a request id
// (Meta's documented answer; the group appears later) or, in the variant
// 360dialog's reference describes, the group id itself.
type CreateGroupResult struct {
	RequestID string
	GroupID   string
}

// CreateGroup asks the API to create a group. It is never repeated after an
// unclear failure: it then returns an *AmbiguousError and the caller must look
// for the group before asking again.
func (c *Client) CreateGroup(ctx context.Context, in CreateGroupInput) (CreateGroupResult, error) {
	payload := map[string]string{"messaging_product": "whatsapp", "subject": in.Subject}
	if in.Description != "" {
		payload["description"] = in.Description
	}
	if in.JoinApprovalMode != "" {
		payload["join_approval_mode"] = in.JoinApprovalMode
	}
	cl, err := jsonCall("create group", http.MethodPost, c.backend.GroupsPath(), payload, false)
	if err != nil {
		return CreateGroupResult{}, err
	}
	var out struct {
		RequestID FlexString `json:"request_id"`
		ID        FlexString `json:"id"`
		GroupID   FlexString `json:"group_id"`
	}
	if err := c.do(ctx, cl, &out); err != nil {
		return CreateGroupResult{}, err
	}
	res := CreateGroupResult{RequestID: string(out.RequestID), GroupID: firstNonEmpty(string(out.GroupID), string(out.ID))}
	if res.RequestID == "" && res.GroupID == "" {
		// A success answer means the API acted; without an id the caller must
		// look for the group rather than treat the create as failed.
		return res, &AmbiguousError{Operation: "create group", Err: errors.New("the API answered success but neither a request_id nor an id")}
	}
	return res, nil
}

// GroupSummary is one entry of the active-groups list.
type GroupSummary struct {
	ID        string   `json:"id"`
	Subject   string   `json:"subject"`
	CreatedAt FlexTime `json:"created_at"` // 0 when the API's value could not be read
}

// GroupPage is one page of the active-groups list.
type GroupPage struct {
	Groups []GroupSummary
	// After is the cursor of the next page; empty on the last page.
	After string
}

type graphPaging struct {
	Cursors struct {
		Before string `json:"before"`
		After  string `json:"after"`
	} `json:"cursors"`
	Next     string `json:"next"`
	Previous string `json:"previous"`
}

// nextCursor applies the Graph convention: `next` is present only when
// another page exists. Some servers omit `next` but keep the `after` cursor;
// then a full page is taken as "maybe more".
func (p graphPaging) nextCursor(got, limit int, previous string) string {
	after := p.Cursors.After
	if after == "" || after == previous || got == 0 {
		return ""
	}
	if p.Next != "" || got >= limit {
		return after
	}
	return ""
}

// ListGroupsPage reads one page of active groups.
func (c *Client) ListGroupsPage(ctx context.Context, limit int, after string) (GroupPage, error) {
	if limit <= 0 || limit > MaxPageSize {
		limit = MaxPageSize
	}
	groups, paging, err := c.fetchGroupsPage(ctx, limit, after)
	if err != nil {
		return GroupPage{}, err
	}
	return GroupPage{Groups: groups, After: paging.nextCursor(len(groups), limit, after)}, nil
}

func (c *Client) fetchGroupsPage(ctx context.Context, limit int, after string) ([]GroupSummary, graphPaging, error) {
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if after != "" {
		q.Set("after", after)
	}
	cl := call{op: "list groups", method: http.MethodGet, path: c.backend.GroupsPath(), query: q, idempotent: true}
	var out struct {
		Data struct {
			Groups []GroupSummary `json:"groups"`
		} `json:"data"`
		Paging graphPaging `json:"paging"`
	}
	if err := c.do(ctx, cl, &out); err != nil {
		return nil, graphPaging{}, err
	}
	return out.Data.Groups, out.Paging, nil
}

// EachGroup calls fn for every page of active groups, at the largest page
// size, so 10,000 groups cost 10 requests and only one page is held at a
// time. Each group is passed once, across cursor restarts (eachUnique).
func (c *Client) EachGroup(ctx context.Context, fn func([]GroupSummary) error) error {
	fetch := func(ctx context.Context, after string) ([]GroupSummary, graphPaging, error) {
		return c.fetchGroupsPage(ctx, MaxPageSize, after)
	}
	return eachUnique(ctx, fetch, func(g GroupSummary) string { return g.ID }, fn)
}

// pager follows cursors across the pages of one list. A full page without
// `next` may or may not be the last (some servers never send `next`), but
// once the server has marked an earlier page with `next`, its absence means
// the end: this saves the extra, empty request after a last page that
// happens to be full (2,048 groups cost 2 requests, not 3).
type pager struct {
	after   string
	sawNext bool
}

// advance moves to the next page and reports whether there is one.
func (p *pager) advance(paging graphPaging, got, limit int) bool {
	next := paging.nextCursor(got, limit, p.after)
	if next == "" || (p.sawNext && paging.Next == "") {
		return false
	}
	p.sawNext = p.sawNext || paging.Next != ""
	p.after = next
	return true
}

// ListGroups returns every active group.
func (c *Client) ListGroups(ctx context.Context) ([]GroupSummary, error) {
	var all []GroupSummary
	err := c.EachGroup(ctx, func(g []GroupSummary) error {
		all = append(all, g...)
		return nil
	})
	return all, err
}

// Participant is a group member. With business-scoped user ids rolling out,
// wa_id may be absent and user_id present instead, with parent_user_id and
// username besides (CONTRACT.md §3.3).
type Participant struct {
	WaID         string `json:"wa_id"`
	UserID       string `json:"user_id"`
	ParentUserID string `json:"parent_user_id"`
	Username     string `json:"username"`
}

// Key is the identifier to use for the participant.
func (p Participant) Key() string { return firstNonEmpty(p.WaID, p.UserID) }

// Group is the group info returned by GET /groups/{id}.
type Group struct {
	ID                    string        `json:"id"`
	Subject               string        `json:"subject"`
	Description           string        `json:"description"`
	JoinApprovalMode      string        `json:"join_approval_mode"`
	Suspended             FlexBool      `json:"suspended"`
	CreationTimestamp     FlexInt64     `json:"creation_timestamp"`
	Participants          []Participant `json:"participants"`
	TotalParticipantCount FlexInt64     `json:"total_participant_count"`
}

// GetGroup reads a group with the given fields (the API returns only the id
// when no field is asked for). A missing group yields an error for which
// IsNotFound is true.
func (c *Client) GetGroup(ctx context.Context, groupID string, fields ...string) (Group, error) {
	q := url.Values{}
	if len(fields) > 0 {
		q.Set("fields", strings.Join(fields, ","))
	}
	cl := call{op: "get group", method: http.MethodGet, path: c.backend.GroupPath(groupID), query: q, idempotent: true}
	var g Group
	if err := c.do(ctx, cl, &g); err != nil {
		return Group{}, err
	}
	if g.ID == "" {
		g.ID = groupID
	}
	applyGroupDefaults(&g, fields)
	return g, nil
}

// UpdateGroupInput lists the settings to change; nil means "leave as is".
// An empty Description clears it.
type UpdateGroupInput struct {
	Subject     *string
	Description *string
}

// UpdateGroup changes subject and/or description. The API applies the change
// asynchronously and answers a request id (when it answers one at all).
func (c *Client) UpdateGroup(ctx context.Context, groupID string, in UpdateGroupInput) (string, error) {
	payload := map[string]string{"messaging_product": "whatsapp"}
	if in.Subject != nil {
		payload["subject"] = *in.Subject
	}
	if in.Description != nil {
		payload["description"] = *in.Description
	}
	// Setting the same values twice is harmless, so the update may be retried.
	cl, err := jsonCall("update group", http.MethodPost, c.backend.GroupPath(groupID), payload, true)
	if err != nil {
		return "", err
	}
	var out struct {
		RequestID FlexString `json:"request_id"`
	}
	if err := c.do(ctx, cl, &out); err != nil {
		return "", err
	}
	return string(out.RequestID), nil
}

// DeleteGroup asks the API to delete a group. Deletion is confirmed
// asynchronously: the caller waits until GetGroup reports it gone. Deleting
// twice is harmless, so the call is retried after unclear failures.
func (c *Client) DeleteGroup(ctx context.Context, groupID string) error {
	cl := call{op: "delete group", method: http.MethodDelete, path: c.backend.GroupPath(groupID), idempotent: true}
	err := c.do(ctx, cl, nil)
	return err
}
