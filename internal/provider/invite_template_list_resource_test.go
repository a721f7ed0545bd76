package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// TestProtocolInviteTemplateList_adopt: filters by name, language and
// status; results carry identity and display name; with include_resource
// no request beyond the listing; each result imports into an empty plan.
func TestProtocolInviteTemplateList_adopt(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	p.em.SeedTemplate(emulator.Template{Name: "tf_acc_invite", Language: "en_US", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
	p.em.SeedTemplate(emulator.Template{Name: "tf_acc_invite", Language: "de", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
	p.em.SeedTemplate(emulator.Template{Name: "tf_acc_custom", Language: "en_US", Category: "MARKETING",
		Components: []byte(`[{"type":"BODY","text":"Join us: {{1}}"}]`)})
	if err := p.em.SetTemplateStatus("tf_acc_custom", "en_US", "APPROVED", ""); err != nil {
		t.Fatal(err)
	}
	p.em.SeedTemplate(emulator.Template{Name: "tf_acc_pending", Language: "en_US", Category: "UTILITY",
		Components: []byte(`[{"type":"BODY","text":"Hi {{1}}"}]`)})

	for _, tc := range []struct {
		name string
		cfg  map[string]tftypes.Value
		want []string
	}{
		{"all", nil, []string{"tf_acc_invite (en_US)", "tf_acc_invite (de)", "tf_acc_custom (en_US)", "tf_acc_pending (en_US)"}},
		{"by name", map[string]tftypes.Value{"name": protoStr("tf_acc_invite")}, []string{"tf_acc_invite (en_US)", "tf_acc_invite (de)"}},
		{"by language", map[string]tftypes.Value{"language": protoStr("de")}, []string{"tf_acc_invite (de)"}},
		{"by status", map[string]tftypes.Value{"status": protoStr("APPROVED")}, []string{"tf_acc_invite (en_US)", "tf_acc_invite (de)", "tf_acc_custom (en_US)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.em.ResetCounters()
			results := p.listResults(t, "d360_invite_template", tc.cfg, true, 100)
			var got []string
			for _, r := range results {
				got = append(got, r.DisplayName)
			}
			if !sameStrings(got, tc.want) {
				t.Fatalf("results %v, want %v", got, tc.want)
			}
			if n := p.em.TotalCalls(); n != 1 {
				t.Errorf("%d API calls, want 1 (the listing)", n)
			}
			for _, r := range results {
				p.adoptByIdentity(t, "d360_invite_template", r, "name", "language", "category", "library_template_name",
					"components", "wait_for_approval", "delete_all_languages")
			}
		})
	}
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
		if count[s] < 0 {
			return false
		}
	}
	return true
}
