# Test fixture: the module instantiated with for_each over a map of
# communities, as a platform team would call it. Run blocks point at this
# directory with a module block; it is not meant to be used on its own.

terraform {
  required_providers {
    d360 = {
      source = "d360/d360"
    }
  }
}

variable "communities" {
  description = "Communities to create, by key."
  type = map(object({
    name               = string
    join_approval_mode = optional(string, "approval_required")
  }))
}

module "community" {
  source   = "../../.."
  for_each = var.communities

  name               = each.value.name
  join_approval_mode = each.value.join_approval_mode
}

output "group_ids" {
  description = "Group id per community key."
  value       = { for k, c in module.community : k => c.group_id }
}

output "subjects" {
  description = "Group subject per community key."
  value       = { for k, c in module.community : k => c.subject }
}
