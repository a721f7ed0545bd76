package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// ephemeralLinkConfig reads the link of a group and hands it to the
// in-process echo provider, the testing stand-in for "another provider's
// configuration" (a secret store, for example): echo.test.data shows what
// such a consumer received.
// The echo resource keeps its first value, so a step that needs a fresh read
// names a new one.
func ephemeralLinkConfig(groupID string, echo ...string) string {
	name := "test"
	if len(echo) > 0 {
		name = echo[0]
	}
	return fmt.Sprintf(`
ephemeral "d360_group_invite_link" "test" {
  group_id = %q
}

provider "echo" {
  data = ephemeral.d360_group_invite_link.test.invite_link
}

resource "echo" %q {}
`, groupID, name)
}

// factoriesWithEcho adds the echo provider to this environment's factories.
func (e *accEnv) factoriesWithEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	f := e.factories()
	f["echo"] = echoprovider.NewProviderServer()
	return f
}

// TestAccGroupInviteLinkEphemeral_basic: the consumer gets the group's
// current link, read with one GET and no reset, and a rotation made outside
// Terraform reaches the consumer on the next run.
func TestAccGroupInviteLinkEphemeral_basic(t *testing.T) {
	env := newAccEnv(t)
	groupID := env.seedGroup(t, randomName(t), "", "")
	link := func() string { return env.inviteLink(t, groupID) }
	first := link()
	var rotated string

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)}, // ephemeral resources
		ProtoV6ProviderFactories: env.factoriesWithEcho(),
		Steps: []resource.TestStep{
			{
				Config: env.config(ephemeralLinkConfig(groupID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data"), knownvalue.StringExact(first)),
					inviteCheck(func() error {
						if em := env.Emulator; em != nil {
							if n := em.Calls("invite_link.reset"); n != 0 {
								return fmt.Errorf("%d invite link resets, want 0: reading must never rotate", n)
							}
						}
						if l := link(); l != first {
							return fmt.Errorf("the link changed to %s", l)
						}
						return nil
					}),
				},
			},
			{
				PreConfig: func() { rotated = env.resetInviteLinkOutOfBand(t, groupID) },
				Config:    env.config(ephemeralLinkConfig(groupID, "after_rotation")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("echo.after_rotation", tfjsonpath.New("data"), knownvalue.StringFunc(func(v string) error {
						if v != rotated {
							return fmt.Errorf("the consumer got %s, want the rotated link %s", v, rotated)
						}
						return nil
					})),
				},
			},
		},
	})
}

// TestAccGroupInviteLinkEphemeral_unknownGroup: a group that does not exist
// is an error naming group_id.
func TestAccGroupInviteLinkEphemeral_unknownGroup(t *testing.T) {
	env := newAccEnv(t)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: env.factoriesWithEcho(),
		Steps: []resource.TestStep{{
			Config:      env.config(ephemeralLinkConfig("120363999999999999")),
			ExpectError: regexp.MustCompile(`Group not found`),
		}},
	})
}

// TestProtocolGroupInviteLinkEphemeral_open calls OpenEphemeralResource as
// Terraform does: one GET, the current link, no renewal and nothing kept.
func TestProtocolGroupInviteLinkEphemeral_open(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	groupID := p.em.SeedGroup("tf-acc-ephemeral", "", "")
	want, err := p.em.InviteLink(groupID)
	if err != nil {
		t.Fatal(err)
	}
	s := p.schema.EphemeralResourceSchemas["d360_group_invite_link"]
	if s == nil {
		t.Fatal("no ephemeral resource d360_group_invite_link")
	}
	resp, err := p.srv.OpenEphemeralResource(context.Background(), &tfprotov6.OpenEphemeralResourceRequest{
		TypeName: "d360_group_invite_link",
		Config:   protoValue(t, s, map[string]tftypes.Value{"group_id": protoStr(groupID)}),
	})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "OpenEphemeralResource", resp.Diagnostics)
	got := protoString(t, protoAttrs(t, s.ValueType(), resp.Result)["invite_link"])
	if got != want {
		t.Errorf("invite_link = %q, want %q", got, want)
	}
	if !resp.RenewAt.IsZero() || len(resp.Private) != 0 {
		t.Errorf("RenewAt %v, Private %q: the link needs neither", resp.RenewAt, resp.Private)
	}
	if calls := p.em.CallCounts(); calls["invite_link.get"] != 1 || len(calls) != 1 {
		t.Errorf("API calls %v, want one invite_link.get", calls)
	}
}
