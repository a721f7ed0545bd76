# A community group that only admits the customers listed here.
variable "customers" {
  description = "Phone numbers of the customers admitted to the community, in international format."
  type        = set(string)
  default = [
    "+1 (555) 010-0001",
    "+1 555 010 0002",
    "+44 20 7946 0958",
  ]
}

resource "d360_group" "community" {
  subject            = "Acme customer community"
  description        = "Product news and questions, for Acme customers only."
  join_approval_mode = "approval_required"
}

resource "d360_group_membership" "community" {
  group_id = d360_group.community.id

  # Join requests from these customers are approved.
  approve = var.customers

  # Everyone else who asks to join is turned down.
  reject_unlisted = true

  # Participants who are not listed stay; set remove_unlisted = true only
  # after reading the warning in the documentation: removed users can never
  # rejoin through the invite link.
  remove_unlisted = false
}

# Requests still waiting for a decision, for example from customers who have
# not accepted WhatsApp's terms yet.
output "community_pending_requests" {
  value = d360_group_membership.community.pending_join_requests
}
