package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// JoinRequest is a pending request to join an approval_required group.
type JoinRequest struct {
	ID                string    `json:"join_request_id"`
	WaID              string    `json:"wa_id"`
	UserID            string    `json:"user_id"`
	ParentUserID      string    `json:"parent_user_id"`
	Username          string    `json:"username"`
	CreationTimestamp FlexInt64 `json:"creation_timestamp"`
}

// Key is the user identifier of the request.
func (r JoinRequest) Key() string { return firstNonEmpty(r.WaID, r.UserID) }

// ListJoinRequests returns every pending join request of a group, each
// request once (eachUnique). No `limit` is documented for this endpoint
// (CONTRACT.md §3.7): the largest one is asked for, as Graph accepts it
// elsewhere, but the listing goes on while a page links a `next` one,
// whatever page size the API chose. An API that refuses `limit` (code 100
// naming it) is asked again without it, and never again with it by this
// client.
func (c *Client) ListJoinRequests(ctx context.Context, groupID string) ([]JoinRequest, error) {
	fetch := func(ctx context.Context, after string) ([]JoinRequest, graphPaging, error) {
		for {
			q := url.Values{}
			if !c.joinRequestsNoLimit.Load() {
				q.Set("limit", strconv.Itoa(MaxPageSize))
			}
			if after != "" {
				q.Set("after", after)
			}
			cl := call{op: "list join requests", method: http.MethodGet, path: c.backend.JoinRequestsPath(groupID), query: q, idempotent: true}
			var out struct {
				Data   []JoinRequest `json:"data"`
				Paging graphPaging   `json:"paging"`
			}
			err := c.do(ctx, cl, &out)
			if err != nil && q.Has("limit") && refusesParam(err, "limit") {
				c.joinRequestsNoLimit.Store(true)
				c.log(ctx, "the API refuses limit on join requests; listing without it", map[string]any{"group_id": groupID})
				continue
			}
			return out.Data, out.Paging, err
		}
	}
	var all []JoinRequest
	err := eachUnique(ctx, fetch, func(r JoinRequest) string { return r.ID }, func(page []JoinRequest) error {
		all = append(all, page...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// refusesParam reports whether err is a code 100 answer naming param.
func refusesParam(err error, param string) bool {
	if !HasCode(err, CodeInvalidParameter) {
		return false
	}
	ae := apiErrorOf(err)
	for _, m := range paramNamed.FindAllStringSubmatch(ae.Message+" "+ae.Details, -1) {
		if strings.EqualFold(m[3]+m[4], param) {
			return true
		}
	}
	return false
}

// ItemFailure is one item of a batch call that the API could not process.
type ItemFailure struct {
	ID     string
	Errors []APIError
}

// BatchResult is the outcome of a batch call: the ids that succeeded and the
// per-item failures. The API answers 200 or 206 (partial) for it.
type BatchResult struct {
	Succeeded []string
	Failed    []ItemFailure
	// Errors holds the top-level errors (such as 131201 "partially succeeded").
	Errors []APIError
}

type joinRequestsResponse struct {
	Approved []string `json:"approved_join_requests"`
	Rejected []string `json:"rejected_join_requests"`
	Failed   []struct {
		ID     string      `json:"join_request_id"`
		Errors []wireError `json:"errors"`
	} `json:"failed_join_requests"`
	Errors []wireError `json:"errors"`
}

func (r joinRequestsResponse) result() BatchResult {
	var res BatchResult
	res.Succeeded = append(append(res.Succeeded, r.Approved...), r.Rejected...)
	for _, f := range r.Failed {
		item := ItemFailure{ID: f.ID}
		for _, e := range f.Errors {
			item.Errors = append(item.Errors, errorFromWire(e))
		}
		res.Failed = append(res.Failed, item)
	}
	for _, e := range r.Errors {
		res.Errors = append(res.Errors, errorFromWire(e))
	}
	return res
}

// ApproveJoinRequests approves pending join requests. Not repeated after an
// unclear failure (an approved request no longer exists, so a blind repeat
// would report false failures): the caller re-reads instead.
func (c *Client) ApproveJoinRequests(ctx context.Context, groupID string, ids []string) (BatchResult, error) {
	return c.joinRequestsBatch(ctx, "approve join requests", http.MethodPost, groupID, ids)
}

// RejectJoinRequests rejects pending join requests.
func (c *Client) RejectJoinRequests(ctx context.Context, groupID string, ids []string) (BatchResult, error) {
	return c.joinRequestsBatch(ctx, "reject join requests", http.MethodDelete, groupID, ids)
}

func (c *Client) joinRequestsBatch(ctx context.Context, op, method, groupID string, ids []string) (BatchResult, error) {
	payload := map[string]any{"messaging_product": "whatsapp", "join_requests": ids}
	cl, err := jsonCall(op, method, c.backend.JoinRequestsPath(groupID), payload, false)
	if err != nil {
		return BatchResult{}, err
	}
	var out joinRequestsResponse
	if err := c.do(ctx, cl, &out); err != nil {
		return BatchResult{}, err
	}
	res := out.result()
	c.redactBatchErrors(res.Failed, res.Errors)
	return res, nil
}
