package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// TestAccSendGroupInvite_afterCreate: the documented flow with an
// action_trigger. Creating the group (and the terraform_data that stands for
// "the group is ready") sends the invite once to each listed user; a later
// apply with nothing to create sends nothing. Actions need Terraform 1.14;
// the protocol tests cover the action on every run.
func TestAccSendGroupInvite_afterCreate(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	subject, template := randomName(t), randomTemplateName(t)
	cfg := env.config(fmt.Sprintf(`
resource "d360_group" "test" {
  subject = %q
}

resource "d360_invite_template" "test" {
  name     = %q
  language = "en_US"
}

action "d360_send_group_invite" "welcome" {
  config {
    group_id      = d360_group.test.id
    template_name = d360_invite_template.test.name
    to            = ["+1 (555) 010-0001", "+44 20 7946 0958"]
  }
}

resource "terraform_data" "invite" {
  input = [d360_group.test.id, d360_invite_template.test.id]

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.d360_send_group_invite.welcome]
    }
  }
}
`, subject, template))
	sentOnce := inviteCheck(func() error {
		msgs := em.Messages()
		if len(msgs) != 2 {
			return fmt.Errorf("%d messages sent, want 2: %+v", len(msgs), msgs)
		}
		groups := em.Groups()
		var link string
		for _, g := range groups {
			if g.Subject == subject {
				link = g.InviteLink
			}
		}
		for i, want := range []string{"15550100001", "442079460958"} {
			if m := msgs[i]; m.WaID != want || m.TemplateName != template || m.InviteLink != link {
				return fmt.Errorf("message %d = %+v, want to %s with the link %s", i, m, want, link)
			}
		}
		return nil
	})

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}, // actions
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{sentOnce}},
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{sentOnce}},
		},
	})
}

// TestAccSendGroupInvite_invoke: `terraform apply -invoke` sends to every
// listed number and prints each result; a lost answer makes the run fail,
// names the recipient as unclear, and is never sent again.
func TestAccSendGroupInvite_invoke(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	cli := newTFCLI(t, env, "1.14.0", "terraform apply -invoke")
	groupID := em.SeedGroup(randomName(t), "", "")
	template := randomTemplateName(t)
	em.SeedTemplate(emulator.Template{Name: template, Language: "en_US", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
	cli.write("main.tf", env.providerBlock()+fmt.Sprintf(`
action "d360_send_group_invite" "welcome" {
  config {
    group_id      = %q
    template_name = %q
    to            = ["+1 555 010 0001", "+1 555 010 0002"]
  }
}
`, groupID, template))
	cli.mustRun("init", "-no-color")

	out := cli.mustRun("apply", "-no-color", "-auto-approve", "-invoke=action.d360_send_group_invite.welcome")
	msgs := em.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want 2\n%s", len(msgs), out)
	}
	for _, m := range msgs {
		if !strings.Contains(out, "sent, message id "+m.ID) {
			t.Errorf("the output does not report %s:\n%s", m.ID, out)
		}
	}

	// Sending is not idempotent: a second invocation sends again. With the
	// first answer lost, that recipient is unclear and not repeated.
	em.AddFault(emulator.FaultRule{Kind: emulator.FaultLostAfter, Route: "messages.send", Count: 1})
	out, code := cli.run("apply", "-no-color", "-auto-approve", "-invoke=action.d360_send_group_invite.welcome")
	if code == 0 || !strings.Contains(out, "UNCLEAR") || !strings.Contains(out, "1 sent, 0 failed, 1 unclear") {
		t.Fatalf("exit %d, want a failure reporting the unclear send:\n%s", code, out)
	}
	if n := len(em.MessagesTo("15550100001")); n != 2 {
		t.Errorf("15550100001 got %d messages over two invocations, want 2 (one each)", n)
	}
	if n := em.Calls("messages.send"); n != 4 {
		t.Errorf("%d sends over two invocations, want 4", n)
	}
}
