package emulator

import "testing"

// With OmitDefaultJoinApprovalMode a GET leaves out auto_approve, the
// documented default, and still reports approval_required.
func TestOmitDefaultJoinApprovalMode(t *testing.T) {
	for _, omit := range []bool{false, true} {
		h := newHarness(t, Options{OmitDefaultJoinApprovalMode: omit})
		auto := h.em.SeedGroup("auto", "", "")
		required := h.em.SeedGroup("required", "", "approval_required")
		r := h.do("GET", "/groups/"+auto+"?fields=subject,join_approval_mode", nil)
		expectStatus(t, r, 200)
		if mode, present := r.body["join_approval_mode"]; present == omit || (!omit && mode != "auto_approve") {
			t.Errorf("omit=%v: auto_approve group answered %s", omit, r.raw)
		}
		r = h.do("GET", "/groups/"+required+"?fields=join_approval_mode", nil)
		if r.body["join_approval_mode"] != "approval_required" {
			t.Errorf("omit=%v: approval_required group answered %s", omit, r.raw)
		}
	}
}
