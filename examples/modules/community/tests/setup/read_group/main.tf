# Test helper: reads a group back through the d360_group data source, so a
# run block can compare what the module reported with what the API holds.
#
# Values from earlier runs come in as variables and the comparisons are
# outputs, rather than `run.<name>` references in assert conditions, which
# OpenTofu (1.12) accepts only in variables. OpenTofu also keeps the outputs
# of only the latest run of each module, so this helper passes the group id
# and link it read on to the next comparison (outputs group_id and
# invite_link). This way the runs pass on Terraform and OpenTofu alike.

terraform {
  required_providers {
    d360 = {
      source = "d360/d360"
    }
  }
}

variable "group_id" {
  description = "Id of the group to read (the module's group_id output)."
  type        = string
}

variable "reported_invite_link" {
  description = "The invite link the module reported for the group (its invite_link output); null to skip."
  type        = string
  default     = null
  sensitive   = true
}

variable "earlier_group_id" {
  description = "The group id an earlier run reported, to tell whether the group was kept; null to skip."
  type        = string
  default     = null
}

variable "earlier_invite_link" {
  description = "The invite link an earlier run reported, to tell whether the link changed since; null to skip."
  type        = string
  default     = null
  sensitive   = true
}

data "d360_group" "this" {
  id = var.group_id
}

output "group_id" {
  description = "The group id that was read, for a later run to compare with."
  value       = var.group_id
}

output "invite_link" {
  description = "The group's current invite link as the API reports it, for a later run to compare with."
  value       = data.d360_group.this.invite_link
  sensitive   = true
}

output "subject" {
  description = "The group's subject as the API reports it."
  value       = data.d360_group.this.subject
}

output "join_approval_mode" {
  description = "The group's join approval mode as the API reports it."
  value       = data.d360_group.this.join_approval_mode
}

output "reported_link_is_current" {
  description = "Whether the module reported the group's current invite link (null without reported_invite_link)."
  value       = nonsensitive(var.reported_invite_link == null ? null : data.d360_group.this.invite_link == var.reported_invite_link)
}

output "same_group_as_earlier" {
  description = "Whether the group is the one the earlier run reported (null without earlier_group_id)."
  value       = var.earlier_group_id == null ? null : var.group_id == var.earlier_group_id
}

output "link_changed_since_earlier" {
  description = "Whether the invite link differs from the one the earlier run reported (null without earlier_invite_link)."
  value       = nonsensitive(var.earlier_invite_link == null ? null : data.d360_group.this.invite_link != var.earlier_invite_link)
}
