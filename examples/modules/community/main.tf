# A customer community: one WhatsApp group, its invite link (rotated when
# var.invite_link_rotation changes) and, optionally, a membership policy and
# the message template that sends the link.
#
# The module declares no provider block, so callers can use it with
# for_each, count and aliased providers (one per phone number).

resource "d360_group" "this" {
  subject            = var.name
  description        = var.description
  join_approval_mode = var.join_approval_mode
}

resource "d360_group_invite_link" "this" {
  group_id          = d360_group.this.id
  revoke_on_destroy = var.revoke_invite_link_on_destroy

  triggers = {
    rotation = var.invite_link_rotation
  }
}

resource "d360_group_membership" "this" {
  count = var.membership == null ? 0 : 1

  group_id        = d360_group.this.id
  approve         = var.membership.approve
  reject_unlisted = var.membership.reject_unlisted
  remove_unlisted = var.membership.remove_unlisted

  lifecycle {
    # Checked here rather than in a variable validation: it involves two
    # variables, which validations can only combine from Terraform 1.9.
    precondition {
      condition     = !(var.membership.reject_unlisted && var.join_approval_mode == "auto_approve")
      error_message = "membership.reject_unlisted has no effect on an auto_approve group (nobody asks to join: the invite link is enough). Use join_approval_mode = \"approval_required\" or set membership.reject_unlisted = false."
    }
  }
}

resource "d360_invite_template" "this" {
  count = var.invite_template == null ? 0 : 1

  name     = var.invite_template.name
  language = var.invite_template.language
}
