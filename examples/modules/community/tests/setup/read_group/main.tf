# Test helper: reads a group back through the d360_group data source, so a
# run block can compare what the module reports with what the API holds.

terraform {
  required_providers {
    d360 = {
      source = "d360/d360"
    }
  }
}

variable "group_id" {
  description = "Id of the group to read."
  type        = string
}

data "d360_group" "this" {
  id = var.group_id
}

output "subject" {
  description = "The group's subject as the API reports it."
  value       = data.d360_group.this.subject
}

output "join_approval_mode" {
  description = "The group's join approval mode as the API reports it."
  value       = data.d360_group.this.join_approval_mode
}

output "invite_link" {
  description = "The group's current invite link as the API reports it."
  value       = data.d360_group.this.invite_link
  sensitive   = true
}
