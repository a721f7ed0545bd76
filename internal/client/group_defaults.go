package client

import (
	"encoding/json"
	"slices"
)

// UnmarshalJSON reads a group with the tolerant readers: join_approval_mode
// may come as the documented enum or as a boolean (true = approval
// required), and suspended as a boolean or its string form.
func (g *Group) UnmarshalJSON(b []byte) error {
	type plain Group
	var in struct {
		plain
		JoinApprovalMode joinApprovalMode `json:"join_approval_mode"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*g = Group(in.plain)
	g.JoinApprovalMode = string(in.JoinApprovalMode)
	return nil
}

// applyGroupDefaults is the one place that decides what a group field the
// API left out of an answer means, for every caller (resource, data
// sources, the create match, membership): an omitted join_approval_mode is
// the documented default auto_approve, and an omitted suspended is false
// (FlexBool's zero value). A field that was not asked for stays empty: its
// absence says nothing.
func applyGroupDefaults(g *Group, fields []string) {
	if g.JoinApprovalMode == "" && slices.Contains(fields, FieldJoinApprovalMode) {
		g.JoinApprovalMode = JoinApprovalAuto
	}
}
