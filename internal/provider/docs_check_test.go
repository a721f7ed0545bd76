package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Checks of the hand-written documentation (templates/ and examples/, from
// which make docs generates docs/) for facts users rely on.

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every resource page states what a refresh and an apply cost.
func TestDocsResourcePagesStateAPICalls(t *testing.T) {
	pages, err := filepath.Glob("../../templates/resources/*.md.tmpl")
	if err != nil || len(pages) < 4 {
		t.Fatalf("resource templates: %v %v", pages, err)
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, section, ok := strings.Cut(string(b), "\n## API calls\n")
		if !ok || !strings.Contains(section, "| Refresh (every `plan` and `apply`) |") {
			t.Errorf("%s has no API calls section with the cost of a refresh", p)
		}
	}
}

// The membership schedule stays inside the rate limit the troubleshooting
// page states: each row's calls per hour, recomputed, are at most 150 of
// the 200 calls an hour.
func TestDocsMembershipScheduleWithinRateLimit(t *testing.T) {
	if !strings.Contains(readRepoFile(t, "templates/guides/troubleshooting.md.tmpl"), "by default 200 calls per hour") {
		t.Fatal("the troubleshooting page no longer states the limit this check assumes")
	}
	page := readRepoFile(t, "templates/resources/group_membership.md.tmpl")
	row := regexp.MustCompile(`(?m)^\| (\d+) \| (\d+) \| (every (\d+) minutes|once an hour) \| (\d+) \|$`)
	rows := row.FindAllStringSubmatch(page, -1)
	if len(rows) < 4 {
		t.Fatalf("schedule table not found (%d rows)", len(rows))
	}
	const callsPerGroup, budget = 4, 150
	for _, r := range rows {
		groups, _ := strconv.Atoi(r[1])
		perRun, _ := strconv.Atoi(r[2])
		perHour, _ := strconv.Atoi(r[5])
		runs := 1
		if r[4] != "" {
			minutes, _ := strconv.Atoi(r[4])
			runs = 60 / minutes
		}
		if perRun != callsPerGroup*groups || perHour != perRun*runs || perHour > budget {
			t.Errorf("row %q: %d groups cost %d calls a run and %d an hour (budget %d)", r[0], callsPerGroup*groups, perRun, perRun*runs, budget)
		}
	}
}

// Guides say what the issue reports found missing.
func TestDocsGuides(t *testing.T) {
	readme := readRepoFile(t, "README.md")
	version := regexp.MustCompile(`Terraform\]\([^)]*\) (1\.\d+) or newer`).FindStringSubmatch(readme)
	if version == nil {
		t.Fatal("README states no Terraform version")
	}
	checks := []struct{ file, want, why string }{
		{"templates/guides/getting-started.md.tmpl", "Terraform " + version[1] + " or newer", "the same minimum Terraform version as the README"},
		{"templates/guides/local-emulator.md.tmpl", "terraform get", "how to install local modules with a development build"},
		{"templates/guides/troubleshooting.md.tmpl", "terraform untaint ADDRESS", "how to keep a group whose create timed out"},
		{"examples/resources/d360_invite_template/resource.tf", "{{1}}", "the custom invite template carries the link"},
	}
	for _, c := range checks {
		if !strings.Contains(readRepoFile(t, c.file), c.want) {
			t.Errorf("%s lacks %q (%s)", c.file, c.want, c.why)
		}
	}
	// A hand-written d360_group block in the import guide sets the mode:
	// the default would replace an approval_required group.
	guide := readRepoFile(t, "templates/guides/importing-groups.md.tmpl")
	for _, block := range regexp.MustCompile(`(?s)resource "d360_group" "[^"]+" \{.*?\n\}`).FindAllString(guide, -1) {
		if !strings.Contains(block, "join_approval_mode") {
			t.Errorf("import guide block without join_approval_mode:\n%s", block)
		}
	}
}
