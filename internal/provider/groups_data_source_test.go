package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// groupSummaryCheck is the expected `groups` element for an emulator group.
func groupSummaryCheck(t *testing.T, em *emulator.Emulator, id string) knownvalue.Check {
	t.Helper()
	g, ok := em.Group(id)
	if !ok {
		t.Fatalf("group %s not in the emulator", id)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":         knownvalue.StringExact(g.ID),
		"subject":    knownvalue.StringExact(g.Subject),
		"created_at": knownvalue.Int64Exact(g.CreationTimestamp),
	})
}

// stringList is an exact check of a list of strings.
func stringList(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

func TestAccGroupsDataSource_emptyAccount(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(`data "d360_groups" "all" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.d360_groups.all", tfjsonpath.New("groups"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue("data.d360_groups.all", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{})),
				emulatorCheck(func() error {
					// An empty account is one request per read, and only list calls.
					if n, total := em.Calls("groups.list"), em.TotalCalls(); n == 0 || n != total {
						return fmt.Errorf("calls: %v, want only groups.list", em.CallCounts())
					}
					return nil
				}),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// groupSummaryCheck is the expected `groups` element for a group, read from
// the emulator or, in live mode, through the API.
func (e *accEnv) groupSummaryCheck(t *testing.T, id string) knownvalue.Check {
	t.Helper()
	if e.Emulator != nil {
		return groupSummaryCheck(t, e.Emulator, id)
	}
	g, err := e.apiClient().GetGroup(context.Background(), id, client.FieldSubject, client.FieldCreationTimestamp)
	if err != nil {
		t.Fatalf("reading group %s: %v", id, err)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":         knownvalue.StringExact(id),
		"subject":    knownvalue.StringExact(g.Subject),
		"created_at": knownvalue.Int64Exact(int64(g.CreationTimestamp)),
	})
}

// TestAccGroupsDataSource_onePageAndFilters runs live too: there the number
// may hold other groups, so the unfiltered list is checked only against the
// emulator, and the changes from outside are made through the API.
func TestAccGroupsDataSource_onePageAndFilters(t *testing.T) {
	env := newAccEnv(t, withSteppingClock)
	prefix := randomName(t)
	alpha := env.seedGroup(t, prefix+"-alpha", "first", "")
	beta := env.seedGroup(t, prefix+"-beta", "", client.JoinApprovalRequired)
	alpha2 := env.seedGroup(t, prefix+"-alpha-2", "", "")
	var other string
	if env.Emulator != nil {
		other = env.Emulator.SeedGroup("Not a test group", "", "")
	}

	config := env.config(fmt.Sprintf(`
data "d360_groups" "all" {}

data "d360_groups" "exact" {
  subject = %[1]q
}

data "d360_groups" "regex" {
  subject_regex = %[2]q
}

data "d360_groups" "anchored" {
  subject_regex = %[3]q
}

data "d360_groups" "none" {
  subject = "no such subject"
}
`, prefix+"-alpha", regexp.QuoteMeta(prefix)+"-alpha", "^"+regexp.QuoteMeta(prefix+"-alpha")+"$"))

	first := []statecheck.StateCheck{
		// subject is exact: "-alpha-2" does not match "-alpha".
		statecheck.ExpectKnownValue("data.d360_groups.exact", tfjsonpath.New("groups"), knownvalue.ListExact([]knownvalue.Check{env.groupSummaryCheck(t, alpha)})),
		statecheck.ExpectKnownValue("data.d360_groups.exact", tfjsonpath.New("ids"), stringList(alpha)),
		// subject_regex is unanchored unless anchored explicitly.
		statecheck.ExpectKnownValue("data.d360_groups.regex", tfjsonpath.New("ids"), stringList(alpha, alpha2)),
		statecheck.ExpectKnownValue("data.d360_groups.anchored", tfjsonpath.New("ids"), stringList(alpha)),
		statecheck.ExpectKnownValue("data.d360_groups.none", tfjsonpath.New("groups"), knownvalue.ListExact([]knownvalue.Check{})),
		statecheck.ExpectKnownValue("data.d360_groups.none", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{})),
	}
	second := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.d360_groups.exact", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{})),
		statecheck.ExpectKnownValue("data.d360_groups.regex", tfjsonpath.New("ids"), stringList(alpha2)),
		statecheck.ExpectKnownValue("data.d360_groups.anchored", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{})),
	}
	if em := env.Emulator; em != nil {
		// The whole account is known only in the emulator.
		first = append(first,
			// Oldest first: the seeding order, since the clock moves between seeds.
			statecheck.ExpectKnownValue("data.d360_groups.all", tfjsonpath.New("groups"), knownvalue.ListExact([]knownvalue.Check{
				groupSummaryCheck(t, em, alpha), groupSummaryCheck(t, em, beta),
				groupSummaryCheck(t, em, alpha2), groupSummaryCheck(t, em, other),
			})),
			statecheck.ExpectKnownValue("data.d360_groups.all", tfjsonpath.New("ids"), stringList(alpha, beta, alpha2, other)),
		)
		second = append(second,
			statecheck.ExpectKnownValue("data.d360_groups.all", tfjsonpath.New("ids"), stringList(alpha, alpha2, other)),
			statecheck.ExpectKnownValue("data.d360_groups.all", tfjsonpath.New("groups").AtSliceIndex(0).AtMapKey("subject"), knownvalue.StringExact(prefix+"-gamma")),
		)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: first,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// The outside world changes: one group is renamed, another deleted.
				PreConfig: func() {
					env.editGroupOutOfBand(t, alpha, prefix+"-gamma", "first")
					env.deleteGroupOutOfBand(t, beta)
				},
				Config:            config,
				ConfigStateChecks: second,
			},
		},
	})
}

func TestAccGroupsDataSource_manyPages(t *testing.T) {
	env := newAccEnv(t, withSteppingClock)
	em := env.requireEmulator(t)
	const n = 3000
	ids := make([]string, n)
	for i := range n {
		ids[i] = em.SeedGroup(fmt.Sprintf("page-test-%04d", i), "", "")
	}
	// A second data source read at the same moments counts the reads: it
	// costs exactly one request per read.
	probe := em.SeedGroup("probe", "", "")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: em.ResetCounters,
			Config: env.config(fmt.Sprintf(`
data "d360_groups" "all" {}

data "d360_groups" "sevens" {
  subject_regex = "^page-test-\\d{3}7$"
}

data "d360_group_join_requests" "probe" {
  group_id = %q
}
`, probe)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.d360_groups.all", tfjsonpath.New("groups"), knownvalue.ListSizeExact(n+1)),
				statecheck.ExpectKnownValue("data.d360_groups.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(n+1)),
				statecheck.ExpectKnownValue("data.d360_groups.all", tfjsonpath.New("ids").AtSliceIndex(n-1), knownvalue.StringExact(ids[n-1])),
				statecheck.ExpectKnownValue("data.d360_groups.sevens", tfjsonpath.New("ids"), knownvalue.ListSizeExact(n/10)),
				emulatorCheck(func() error {
					// 3,001 groups are three pages of 1,024: each of the two
					// list data sources costs three requests per read.
					reads, lists := em.Calls("join_requests.list"), em.Calls("groups.list")
					if reads == 0 || lists != 2*3*reads {
						return fmt.Errorf("%d list requests for %d reads, want %d (3 per data source and read)", lists, reads, 2*3*reads)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccGroupsDataSource_invalidInput(t *testing.T) {
	env := newAccEnv(t)
	em := env.Emulator // nil in live mode: plan-time validation runs there too
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(`
data "d360_groups" "bad" {
  subject_regex = "team-("
}`),
				ExpectError: errorPattern("Invalid regular expression", "subject_regex is not a valid RE2", "missing closing )"),
			},
			{
				Config: env.config(`
data "d360_groups" "bad" {
  subject       = "team"
  subject_regex = "team"
}`),
				ExpectError: errorPattern("Invalid Attribute Combination", `Attribute "subject_regex" cannot be specified when "subject" is specified`),
			},
			{
				Config: env.config(`
data "d360_groups" "bad" {
  subject = ""
}`),
				ExpectError: errorPattern("Attribute subject UTF-8 character count must be between 1 and 128, got: 0"),
			},
		},
	})
	expectNoAPICalls(t, em)
}

func TestAccGroupsDataSource_apiErrors(t *testing.T) {
	want := errorPattern("Unable to list the groups", "API error 1 (An unknown error occurred)", "HTTP 500")
	styles := []emulator.ErrorStyle{emulator.ErrorStyleGraph, emulator.ErrorStyleMeta, emulator.ErrorStyleString}
	for _, style := range styles {
		t.Run(string(style), func(t *testing.T) {
			env := newAccEnv(t, func(o *emulator.Options) { o.ErrorStyle = style })
			em := env.requireEmulator(t)
			id := em.SeedGroup(randomName(t), "", "")
			config := env.config(`data "d360_groups" "all" {}`)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{
					{
						// The API keeps failing: the provider retries, then shows
						// the code, title and details.
						PreConfig:   func() { em.AddFault(emulator.FaultRule{Kind: emulator.Fault500, Route: "groups.list"}) },
						Config:      config,
						ExpectError: want,
					},
					{
						// A single transient failure is retried away.
						PreConfig: func() {
							em.ClearFaults()
							em.AddFault(emulator.FaultRule{Kind: emulator.Fault503, Route: "groups.list", Count: 1})
						},
						Config: config,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("data.d360_groups.all", tfjsonpath.New("ids"), stringList(id)),
						},
					},
				},
			})
		})
	}
}

// TestGroupsDataSourceRequestCounts checks the fewest requests possible:
// one per 1,024 groups, so 10,000 groups cost 10 requests. Only a single full
// page needs a second request: nothing on it tells that the server would
// have said `next` had there been more.
func TestGroupsDataSourceRequestCounts(t *testing.T) {
	cases := []struct{ groups, requests int }{
		{0, 1}, {1, 1}, {1024, 2}, {1025, 2}, {2048, 2}, {3000, 3}, {10000, 10},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.groups), func(t *testing.T) {
			t.Parallel()
			em := emulator.New(emulator.Options{APIKey: testAPIKey})
			for i := range tc.groups {
				em.SeedGroup(fmt.Sprintf("group %05d", i), "", "")
			}
			data := directBackend(t, em)
			state, diags := readDataSource(context.Background(), NewGroupsDataSource(), data, nil)
			if diags.HasError() {
				t.Fatal(diags)
			}
			var m groupsDataSourceModel
			if diags := state.Get(context.Background(), &m); diags.HasError() {
				t.Fatal(diags)
			}
			if got := len(m.IDs.Elements()); got != tc.groups {
				t.Errorf("%d ids, want %d", got, tc.groups)
			}
			if got := em.Calls("groups.list"); got != tc.requests {
				t.Errorf("%d list requests, want %d", got, tc.requests)
			}
			if em.TotalCalls() != em.Calls("groups.list") {
				t.Errorf("unexpected calls besides the list: %v", em.CallCounts())
			}
		})
	}
}

// TestGroupsDataSourceFilters checks the filters across pages.
func TestGroupsDataSourceFilters(t *testing.T) {
	em := emulator.New(emulator.Options{APIKey: testAPIKey})
	for i := range 2100 {
		em.SeedGroup(fmt.Sprintf("team-%d", i%7), "", "")
	}
	data := directBackend(t, em)
	cases := map[string]struct {
		config map[string]tftypes.Value
		want   int
	}{
		"exact":   {map[string]tftypes.Value{"subject": tftypes.NewValue(tftypes.String, "team-3")}, 300},
		"regex":   {map[string]tftypes.Value{"subject_regex": tftypes.NewValue(tftypes.String, `team-[12]`)}, 600},
		"nothing": {map[string]tftypes.Value{"subject": tftypes.NewValue(tftypes.String, "team")}, 0},
	}
	for name, tc := range cases {
		state, diags := readDataSource(context.Background(), NewGroupsDataSource(), data, tc.config)
		if diags.HasError() {
			t.Fatalf("%s: %v", name, diags)
		}
		var m groupsDataSourceModel
		state.Get(context.Background(), &m)
		if got := len(m.Groups.Elements()); got != tc.want {
			t.Errorf("%s: %d groups, want %d", name, got, tc.want)
		}
	}
}

func TestSortGroupEntries(t *testing.T) {
	entries := []groupEntry{{ID: "c", CreatedAt: 2}, {ID: "b", CreatedAt: 1}, {ID: "a", CreatedAt: 2}, {ID: "z", CreatedAt: 0}}
	sortGroupEntries(entries)
	var got []string
	for _, e := range entries {
		got = append(got, e.ID)
	}
	if fmt.Sprint(got) != "[z b a c]" {
		t.Errorf("order %v, want [z b a c]", got)
	}
}

// TestGroupsStateTypeMatchesSchema guards the hand-built state value: its
// type must be exactly the schema's.
func TestGroupsStateTypeMatchesSchema(t *testing.T) {
	ctx := context.Background()
	var resp datasource.SchemaResponse
	NewGroupsDataSource().Schema(ctx, datasource.SchemaRequest{}, &resp)
	if got := resp.Schema.Type().TerraformType(ctx); !got.Equal(tfGroupsStateType) {
		t.Errorf("schema type %s\nstate type  %s", got, tfGroupsStateType)
	}
}

// TestGroupsDataSourceSkipsRepeatedEntries covers a list that changed while
// it was paged: offset cursors then repeat an entry on the next page.
func TestGroupsDataSourceSkipsRepeatedEntries(t *testing.T) {
	pages := map[string]string{
		"": `{"data":{"groups":[{"id":"A","subject":"a","created_at":1},{"id":"B","subject":"b","created_at":2}]},
		      "paging":{"cursors":{"after":"c1"},"next":"https://example/groups?after=c1"}}`,
		"c1": `{"data":{"groups":[{"id":"B","subject":"b","created_at":2},{"id":"C","subject":"c","created_at":3}]},
		      "paging":{"cursors":{"after":"c2"}}}`,
	}
	data := directBackend(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, pages[r.URL.Query().Get("after")])
	}))
	state, diags := readDataSource(context.Background(), NewGroupsDataSource(), data, nil)
	if diags.HasError() {
		t.Fatal(diags)
	}
	var m groupsDataSourceModel
	state.Get(context.Background(), &m)
	if got := fmt.Sprint(m.IDs.Elements()); got != `["A" "B" "C"]` {
		t.Errorf("ids %s, want [A B C]", got)
	}
}
