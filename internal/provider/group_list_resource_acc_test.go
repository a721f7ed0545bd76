package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestAccGroupList_queryGenerateConfigAdopt500 is the adoption flow of the
// guide end to end with a real Terraform: `terraform query
// -generate-config-out` over 500 matching groups writes resource and import
// blocks for each; `terraform plan` then imports all 500 and changes
// nothing else; after the apply the plan is empty. Needs Terraform 1.14
// (`terraform query`); TestProtocolGroupList_adopt500 covers the same
// provider code on every run.
func TestAccGroupList_queryGenerateConfigAdopt500(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	cli := newTFCLI(t, env, "1.14.0", "terraform query")
	for i := range 500 {
		desc := ""
		if i%2 == 0 {
			desc = fmt.Sprintf("Region %d", i)
		}
		mode := ""
		if i%5 == 0 {
			mode = "approval_required"
		}
		em.SeedGroup(fmt.Sprintf("adopt-%03d", i), desc, mode)
	}
	em.SeedGroup("unrelated", "", "")

	cli.write("main.tf", env.providerBlock())
	cli.write("adopt.tfquery.hcl", `
list "d360_group" "adopt" {
  provider = d360
  limit    = 1000

  config {
    subject_regex = "^adopt-"
  }
}
`)
	cli.mustRun("init", "-no-color")
	cli.mustRun("query", "-no-color", "-generate-config-out=adopt.tf")
	generated := cli.read("adopt.tf")
	if n := strings.Count(generated, `resource "d360_group"`); n != 500 {
		t.Fatalf("%d resource blocks generated, want 500:\n%.2000s", n, generated)
	}
	t.Logf("generated configuration, first blocks:\n%.700s", generated)
	if n := strings.Count(generated, "import {"); n != 500 {
		t.Fatalf("%d import blocks generated, want 500", n)
	}

	em.ResetCounters()
	cli.mustRun("plan", "-no-color", "-out=tfplan")
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(cli.mustStdout("show", "-json", "tfplan")), &plan); err != nil {
		t.Fatal(err)
	}
	imports := 0
	for _, rc := range plan.ResourceChanges {
		if len(rc.Change.Importing) == 0 || strings.Join(rc.Change.Actions, ",") != "no-op" {
			t.Errorf("%s: actions %v, importing %s; want a no-op import", rc.Address, rc.Change.Actions, rc.Change.Importing)
			continue
		}
		imports++
	}
	if imports != 500 {
		t.Fatalf("the plan imports %d groups, want 500", imports)
	}
	if calls := em.CallCounts(); calls["groups.create"]+calls["groups.update"]+calls["groups.delete"] != 0 {
		t.Fatalf("planning changed something: %v", calls)
	}

	cli.mustRun("apply", "-no-color", "tfplan")
	if out, code := cli.run("plan", "-no-color", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after adoption is not empty (exit %d):\n%s", code, out)
	}
	if n := len(em.Groups()); n != 501 {
		t.Errorf("%d groups on the API after adoption, want 501", n)
	}
}
