resource "d360_group" "support" {
  subject     = "Acme customer support"
  description = "Ask us anything about your order."
}

# Issues a fresh invite link for the group (every earlier link stops
# working). Change the trigger to rotate the link.
resource "d360_group_invite_link" "support" {
  group_id = d360_group.support.id

  triggers = {
    rotation = "2026-q1"
  }

  # Destroying the resource also invalidates the link it issued.
  revoke_on_destroy = true
}

output "support_invite_link" {
  value     = d360_group_invite_link.support.invite_link
  sensitive = true
}
