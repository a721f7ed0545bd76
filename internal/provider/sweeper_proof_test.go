package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// The sweepers are what `make sweep` runs against a real number, where a
// mistake deletes someone's groups. These tests run them, through the same
// environment variables, against an emulator seeded with leftovers and with
// objects that merely look like leftovers.

// sweepEnv points the sweepers' environment at baseURL, with short polls so
// waiting for deletions takes milliseconds.
func sweepEnv(t *testing.T, baseURL string) {
	t.Helper()
	// These tests drive 360dialog's paths; TestSweepers_metaBackend drives Meta's.
	t.Setenv(envAccBackend, backend360dialog)
	t.Setenv(EnvAPIKey, testAPIKey)
	t.Setenv(EnvBaseURL, baseURL)
	t.Setenv(envAccPollInterval, "10ms")
}

// captureSweepLog collects what the sweepers log (their report).
func captureSweepLog(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	log.SetOutput(&buf)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	return &buf
}

func groupSubjects(em *emulator.Emulator) []string {
	var out []string
	for _, g := range em.Groups() {
		out = append(out, g.Subject)
	}
	slices.Sort(out)
	return out
}

func templateKeys(em *emulator.Emulator) []string {
	var out []string
	for _, tpl := range em.Templates() {
		out = append(out, tpl.Name+"/"+tpl.Language)
	}
	slices.Sort(out)
	return out
}

func TestAccSweepers_removeOnlyPrefixed(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	sweepEnvFor(t, env)
	report := captureSweepLog(t)

	// More than one page of groups (1,024 per page), with leftovers on both
	// pages, among groups that only resemble them.
	var keep []string
	for i := range client.MaxPageSize + 10 {
		keep = append(keep, em.SeedGroup(fmt.Sprintf("Customer group %04d", i), "", ""))
	}
	lookalikes := []string{"tf-acc", "TF-ACC-upper-case", "Team tf-acc-inside", "tf_acc_group", "tf-ac-"}
	for _, s := range lookalikes {
		keep = append(keep, em.SeedGroup(s, "", ""))
	}
	var leftovers []string
	for i := range 4 {
		leftovers = append(leftovers, em.SeedGroup(fmt.Sprintf("%s-%d", randomName(t), i), "", ""))
	}
	suspended := em.SeedGroup(randomName(t), "", client.JoinApprovalRequired)
	must(t, em.SetSuspended(suspended, true))
	for i := range 3 {
		leftovers = append(leftovers, em.SeedGroup(fmt.Sprintf("%s-late-%d", randomName(t), i), "", ""))
	}
	wantKept := subjectsOf(t, em, keep)

	// A suspended leftover refuses deletion (131207): the sweeper reports it,
	// fails, and still removes every other leftover.
	err := groupSweeper.F("all")
	if err == nil || !strings.Contains(err.Error(), suspended) || !strings.Contains(err.Error(), "131207") {
		t.Fatalf("sweeping with a suspended leftover: error %v, want one naming group %s and code 131207", err, suspended)
	}
	if got, want := groupSubjects(em), append(slices.Clone(wantKept), subjectsOf(t, em, []string{suspended})...); !sameSorted(got, want) {
		t.Fatalf("after the first sweep the emulator holds\n%v\nwant the unprefixed groups plus the suspended one:\n%v", tail(got), tail(want))
	}
	if n := em.Calls("groups.delete"); n != len(leftovers)+1 {
		t.Fatalf("%d delete calls, want %d (one per prefixed group, none for the others)", n, len(leftovers)+1)
	}
	if n := em.Calls("groups.list"); n < 2 {
		t.Fatalf("%d list calls: the sweeper did not page through %d groups", n, len(keep)+len(leftovers)+1)
	}
	for _, id := range leftovers {
		if !strings.Contains(report.String(), "removed group "+id) {
			t.Errorf("the report does not mention removing %s:\n%s", id, report)
		}
	}

	// Once the suspension is lifted, the next sweep removes it: nothing
	// prefixed is left, everything else is untouched.
	must(t, em.SetSuspended(suspended, false))
	if err := groupSweeper.F("all"); err != nil {
		t.Fatalf("second sweep: %v", err)
	}
	if got := groupSubjects(em); !sameSorted(got, wantKept) {
		t.Fatalf("after the second sweep the emulator holds\n%v\nwant exactly the unprefixed groups", tail(got))
	}

	// Templates: delete by name removes every language, so only names with
	// the prefix are ever sent; a name already being deleted is left alone.
	for _, tpl := range []emulator.Template{
		{Name: "tf_acc_alpha", Language: "en_US", Category: client.CategoryUtility},
		{Name: "tf_acc_alpha", Language: "de", Category: client.CategoryUtility},
		{Name: randomTemplateName(t), Language: "en_US", Category: client.CategoryMarketing},
		{Name: "order_update", Language: "en_US", Category: client.CategoryUtility},
		{Name: "tf_accounting", Language: "en_US", Category: client.CategoryUtility},
		{Name: "my_tf_acc_invite", Language: "en_US", Category: client.CategoryUtility},
		{Name: "tf_acc_on_its_way_out", Language: "en_US", Category: client.CategoryUtility},
	} {
		em.SeedTemplate(tpl)
	}
	must(t, em.SetTemplateStatus("tf_acc_on_its_way_out", "", "pending_deletion", ""))
	em.ResetCounters()
	if err := templateSweeper.F("all"); err != nil {
		t.Fatalf("template sweep: %v", err)
	}
	want := []string{"my_tf_acc_invite/en_US", "order_update/en_US", "tf_acc_on_its_way_out/en_US", "tf_accounting/en_US"}
	if got := templateKeys(em); !slices.Equal(got, want) {
		t.Fatalf("templates after the sweep: %v, want %v", got, want)
	}
	if n := em.Calls("templates.delete"); n != 2 {
		t.Fatalf("%d template delete calls, want 2 (one per prefixed name, all languages at once)", n)
	}
	if !strings.Contains(report.String(), "removed template tf_acc_alpha") {
		t.Errorf("the report does not mention tf_acc_alpha:\n%s", report)
	}
	if strings.Contains(report.String(), testAPIKey) {
		t.Fatal("the sweep report contains the API key")
	}
}

// subjectsOf returns the sorted subjects of the given groups.
func subjectsOf(t *testing.T, em *emulator.Emulator, ids []string) []string {
	t.Helper()
	var out []string
	for _, id := range ids {
		g, ok := em.Group(id)
		if !ok {
			t.Fatalf("group %s not found", id)
		}
		out = append(out, g.Subject)
	}
	slices.Sort(out)
	return out
}

func sameSorted(got, want []string) bool {
	got, want = slices.Clone(got), slices.Clone(want)
	slices.Sort(got)
	slices.Sort(want)
	return slices.Equal(got, want)
}

// tail keeps failure messages readable when a list has a thousand entries.
func tail(s []string) []string {
	if len(s) > 12 {
		return append([]string{fmt.Sprintf("... %d more", len(s)-12)}, s[len(s)-12:]...)
	}
	return s
}

// TestSweepersTolerateObjectsGoneMeanwhile plays another cleanup deleting a
// leftover between the sweeper's list and its delete: the group's delete
// answers 131041, the template's "not found" (code 100). Both count as
// already gone, in every error envelope the API may use.
func TestSweepersTolerateObjectsGoneMeanwhile(t *testing.T) {
	for _, style := range []emulator.ErrorStyle{emulator.ErrorStyleGraph, emulator.ErrorStyleMeta, emulator.ErrorStyleString} {
		t.Run(string(style), func(t *testing.T) {
			em := emulator.New(emulator.Options{APIKey: testAPIKey, ErrorStyle: style, DeleteDelay: emulatorDelays.DeleteDelay})
			raced := em.SeedGroup(randomName(t), "", "")
			removed := em.SeedGroup(randomName(t), "", "")
			em.SeedTemplate(emulator.Template{Name: "tf_acc_raced", Language: "en_US", Category: client.CategoryUtility})
			em.SeedTemplate(emulator.Template{Name: "tf_acc_removed", Language: "en_US", Category: client.CategoryUtility})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodDelete {
					switch r.URL.Path {
					case "/groups/" + raced:
						if err := em.DeleteGroup(raced); err != nil {
							t.Error(err)
						}
					case "/v1/configs/templates/tf_acc_raced":
						deleteTemplateOutOfBand(t, em, "tf_acc_raced")
					}
				}
				em.ServeHTTP(w, r)
			}))
			t.Cleanup(srv.Close)
			sweepEnv(t, srv.URL)
			report := captureSweepLog(t)

			if err := groupSweeper.F("all"); err != nil {
				t.Fatalf("group sweep: %v", err)
			}
			if err := templateSweeper.F("all"); err != nil {
				t.Fatalf("template sweep: %v", err)
			}
			if n := len(em.Groups()) + len(em.Templates()); n != 0 {
				t.Fatalf("%d objects left", n)
			}
			for _, line := range []string{"already gone: group " + raced, "removed group " + removed, "already gone: template tf_acc_raced", "removed template tf_acc_removed"} {
				if !strings.Contains(report.String(), line) {
					t.Errorf("the report lacks %q:\n%s", line, report)
				}
			}
		})
	}
}

// deleteTemplateOutOfBand deletes a template the way another client would.
// It runs in the server's goroutine, so it reports with Errorf, not Fatalf.
func deleteTemplateOutOfBand(t *testing.T, em *emulator.Emulator, name string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodDelete, "/v1/configs/templates/"+name, nil)
	req.Header.Set(client.APIKeyHeader, testAPIKey)
	rec := httptest.NewRecorder()
	em.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("out-of-band template delete: %d %s", rec.Code, rec.Body)
	}
}

// TestSweepersReportFailuresWithoutGuessing makes a template delete fail
// while the template stays listed: that is a failure, not "already gone",
// and the other leftovers are still removed.
func TestSweepersReportFailuresWithoutGuessing(t *testing.T) {
	em := emulator.New(emulator.Options{APIKey: testAPIKey})
	em.SeedTemplate(emulator.Template{Name: "tf_acc_stuck", Language: "en_US", Category: client.CategoryUtility})
	em.SeedTemplate(emulator.Template{Name: "tf_acc_fine", Language: "en_US", Category: client.CategoryUtility})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete && r.URL.Path == "/v1/configs/templates/tf_acc_stuck" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
				"message": "(#100) Invalid parameter", "type": "OAuthException", "code": 100,
				"error_data": map[string]any{"details": "template is in use by a campaign"},
			}})
			return
		}
		em.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	sweepEnv(t, srv.URL)
	captureSweepLog(t)

	err := templateSweeper.F("all")
	if err == nil || !strings.Contains(err.Error(), "tf_acc_stuck") || !strings.Contains(err.Error(), "template is in use by a campaign") {
		t.Fatalf("error %v, want one naming tf_acc_stuck with the API's details", err)
	}
	if got, want := templateKeys(em), []string{"tf_acc_stuck/en_US"}; !slices.Equal(got, want) {
		t.Fatalf("templates left: %v, want %v", got, want)
	}
}

// TestSweepersRefuseWithoutPrefix: an empty prefix would match everything,
// so the sweepers refuse before any API call.
func TestSweepersRefuseWithoutPrefix(t *testing.T) {
	em := emulator.New(emulator.Options{APIKey: testAPIKey})
	em.SeedGroup("Customers", "", "")
	em.SeedTemplate(emulator.Template{Name: "order_update", Language: "en_US", Category: client.CategoryUtility})
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, APIKey: testAPIKey})
	if err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"", "  "} {
		for kind, sweep := range map[string]func() sweepReport{
			"group":    func() sweepReport { return sweepGroups(c, testTiming(), prefix) },
			"template": func() sweepReport { return sweepTemplates(c, testTiming(), prefix) },
		} {
			if err := sweep().err(); err == nil || !strings.Contains(err.Error(), "refusing to sweep without a name prefix") {
				t.Errorf("%s sweeper with prefix %q: error %v, want a refusal", kind, prefix, err)
			}
		}
	}
	if n := em.TotalCalls(); n != 0 {
		t.Fatalf("a refused sweep made %d API calls (%v)", n, em.CallCounts())
	}
	if len(em.Groups()) != 1 || len(em.Templates()) != 1 {
		t.Fatal("a refused sweep deleted something")
	}
}

// TestSweepersNeedAKey: without D360_API_KEY there is nothing to sweep, and
// the sweepers say which variable is missing.
func TestSweepersNeedAKey(t *testing.T) {
	t.Setenv(envAccBackend, "")
	t.Setenv(EnvAPIKey, "")
	for _, s := range []func(string) error{groupSweeper.F, templateSweeper.F} {
		if err := s("all"); err == nil || !strings.Contains(err.Error(), EnvAPIKey+" is not set") {
			t.Errorf("error %v, want one saying %s is not set", err, EnvAPIKey)
		}
	}
	t.Setenv(EnvAPIKey, "some-key")
	t.Setenv(EnvBaseURL, "http://api.example.com")
	if err := groupSweeper.F("all"); err == nil || !strings.Contains(err.Error(), EnvBaseURL) || !strings.Contains(err.Error(), "https") {
		t.Errorf("error %v, want one about %s needing https", err, EnvBaseURL)
	}
}
