package emulator

import (
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
)

// Every admin route is documented (AdminRoutes, printed by d360-emulator -h)
// and appears in the local emulator guide, and nothing else is.
func TestAdminRoutesDocumented(t *testing.T) {
	served := slices.Sorted(maps.Keys(adminRoutes))
	if documented := adminRouteNames(); !slices.Equal(served, documented) {
		t.Fatalf("admin routes served:\n%s\ndocumented:\n%s", strings.Join(served, "\n"), strings.Join(documented, "\n"))
	}
	guide, err := os.ReadFile("../../templates/guides/local-emulator.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range AdminRoutes {
		if !strings.Contains(string(guide), "`"+r.Route+"`") {
			t.Errorf("the local emulator guide does not document `%s`", r.Route)
		}
		if r.Body != "" && !strings.Contains(string(guide), r.Body) {
			t.Errorf("the local emulator guide does not show the body of %s: %s", r.Route, r.Body)
		}
	}
}

// The documented bodies are accepted as they are.
func TestAdminRouteExamplesWork(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.em.SeedGroup("s", "", "approval_required")
	h.em.SeedTemplate(Template{Name: "community_invite", Language: "en_US", Category: "MARKETING"})
	for _, r := range AdminRoutes {
		method, p, _ := strings.Cut(r.Route, " ")
		if method == "DELETE" || strings.HasSuffix(p, "/reset") || strings.HasSuffix(p, "/leave") || strings.HasSuffix(p, "/revoke_join_request") {
			continue // they would undo the state the next examples need
		}
		p = strings.ReplaceAll(p, "{id}", id)
		ctype := ""
		if r.Body != "" {
			ctype = "application/json"
		}
		resp := h.doRaw(method, p, ctype, []byte(r.Body), "")
		if resp.status != 200 {
			t.Errorf("%s with %s: HTTP %d %s", r.Route, r.Body, resp.status, resp.raw)
		}
		if strings.HasSuffix(p, "/suspend") {
			if err := h.em.SetSuspended(id, false); err != nil {
				t.Fatal(err)
			}
		}
	}
}
