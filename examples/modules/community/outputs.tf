output "group_id" {
  description = "The WhatsApp group id. Pass it as the `group_id` body parameter when sending the invite template."
  value       = d360_group.this.id
}

output "subject" {
  description = "The group's subject."
  value       = d360_group.this.subject
}

output "join_approval_mode" {
  description = "`approval_required` or `auto_approve`."
  value       = d360_group.this.join_approval_mode
}

output "invite_link" {
  description = "The group's current invite link. Anyone holding it can join or ask to join, so it is sensitive."
  value       = d360_group_invite_link.this.invite_link
  sensitive   = true
}

output "pending_join_requests" {
  description = "WhatsApp ids of the people waiting for a decision (for example because they are not in membership.approve and reject_unlisted is false), as of the last refresh; null without a membership policy."
  value       = var.membership == null ? null : [for r in d360_group_membership.this[0].pending_join_requests : r.wa_id]
}

output "invite_template" {
  description = "The invite template's `name`, `language` and review `status`; null without a template."
  value = var.invite_template == null ? null : {
    name     = d360_invite_template.this[0].name
    language = d360_invite_template.this[0].language
    status   = d360_invite_template.this[0].status
  }
}

output "invite_message" {
  description = "The `template` object of a WhatsApp Cloud API message that sends the invite link: add `to` and post it to the messages endpoint. WhatsApp fills in the group's current link, so rotating the link does not change it. null without a template."
  value = var.invite_template == null ? null : {
    name     = d360_invite_template.this[0].name
    language = { code = d360_invite_template.this[0].language }
    components = [{
      type       = "body"
      parameters = [{ type = "group_id", group_id = d360_group.this.id }]
    }]
  }
}
