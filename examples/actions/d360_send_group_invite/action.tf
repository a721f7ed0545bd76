resource "d360_group" "community" {
  subject            = "Acme community"
  join_approval_mode = "approval_required"
}

resource "d360_invite_template" "invite" {
  name     = "community_invite"
  language = "en_US"
}

# Sends the invite template with the group's current link to each number
# (Terraform 1.14+). Run it on demand:
#   terraform apply -invoke=action.d360_send_group_invite.welcome
action "d360_send_group_invite" "welcome" {
  config {
    group_id      = d360_group.community.id
    template_name = d360_invite_template.invite.name
    to            = ["+1 (555) 010-0001", "+44 20 7946 0958"]
  }
}

# Or once, right after the group is created: terraform_data stands for
# "the group and its template are ready" and fires the action when created.
resource "terraform_data" "welcome" {
  input = [d360_group.community.id, d360_invite_template.invite.id]

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.d360_send_group_invite.welcome]
    }
  }
}
