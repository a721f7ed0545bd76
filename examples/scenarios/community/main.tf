# A customer community: a WhatsApp group, its invite link rotated on
# demand, and the message template that delivers the link to customers.
#
# Send the template to a customer with a body parameter
# {"type": "group_id", "group_id": "<output group_id>"}: WhatsApp replaces it
# with the group's current invite link, so rotating the link never requires
# touching the template.

variable "community_name" {
  description = "Subject of the group."
  type        = string
  default     = "Acme customer community"
}

variable "template_name" {
  description = "Name of the invite template (lowercase letters, digits, underscores)."
  type        = string
  default     = "acme_community_invite"
}

variable "link_rotation" {
  description = "Change this value (for example to the current quarter) to issue a new invite link and invalidate the old one."
  type        = string
  default     = "2026-q1"
}

resource "d360_group" "community" {
  subject            = var.community_name
  description        = "News, tips and answers from the Acme team."
  join_approval_mode = "approval_required"
}

resource "d360_group_invite_link" "community" {
  group_id          = d360_group.community.id
  revoke_on_destroy = true

  triggers = {
    rotation = var.link_rotation
  }
}

resource "d360_invite_template" "community" {
  name     = var.template_name
  language = "en_US"
}

output "group_id" {
  description = "Pass this as the group_id body parameter when sending the template."
  value       = d360_group.community.id
}

output "invite_link" {
  description = "The current invite link; anyone holding it can ask to join."
  value       = d360_group_invite_link.community.invite_link
  sensitive   = true
}

output "template_status" {
  description = "Review status of the invite template."
  value       = d360_invite_template.community.status
}
