package emulator

import "testing"

// With OmitDefaults a GET leaves out auto_approve, the
// documented default, and still reports approval_required.
func TestOmitDefaults(t *testing.T) {
	for _, omit := range []bool{false, true} {
		h := newHarness(t, Options{OmitDefaults: omit})
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

// The probe's omits_defaults reading (a profile, -omit-defaults) speaks the
// same: suspended is left out while false, reported once true.
func TestDialectOmitsDefaults(t *testing.T) {
	yes := true
	h := newHarness(t, Options{Dialect: Dialect{OmitsDefaults: &yes}})
	id := h.em.SeedGroup("auto", "", "")
	r := h.do("GET", "/groups/"+id+"?fields=join_approval_mode,suspended", nil)
	expectStatus(t, r, 200)
	if _, present := r.body["join_approval_mode"]; present {
		t.Errorf("join_approval_mode reported: %s", r.raw)
	}
	if _, present := r.body["suspended"]; present {
		t.Errorf("suspended=false reported: %s", r.raw)
	}
	if err := h.em.SetSuspended(id, true); err != nil {
		t.Fatal(err)
	}
	r = h.do("GET", "/groups/"+id+"?fields=suspended", nil)
	if r.body["suspended"] != true {
		t.Errorf("a suspended group answered %s", r.raw)
	}
}
