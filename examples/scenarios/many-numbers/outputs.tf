output "group_ids" {
  description = "Group id of every community, by number and key."
  value = {
    us = { for k, m in module.us : k => m.group_id }
    eu = { for k, m in module.eu : k => m.group_id }
  }
}

output "invite_messages" {
  description = "Template part of the message that sends each community's invite link (communities with an invite template only). Send it with the API key of the community's number."
  value = merge(
    { for k, m in module.us : k => m.invite_message if m.invite_message != null },
    { for k, m in module.eu : k => m.invite_message if m.invite_message != null },
  )
}

output "invite_links" {
  description = "Current invite link of every community, by key."
  value       = merge({ for k, m in module.us : k => m.invite_link }, { for k, m in module.eu : k => m.invite_link })
  sensitive   = true
}
