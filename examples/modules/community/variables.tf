variable "name" {
  description = "Subject of the WhatsApp group, as members see it: 1 to 128 characters, without leading or trailing whitespace."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 128
    error_message = "name must be 1 to 128 characters long (WhatsApp's limit for a group subject)."
  }

  validation {
    condition     = trimspace(var.name) == var.name
    error_message = "name must not start or end with whitespace: WhatsApp trims it, and every plan would show a change."
  }
}

variable "description" {
  description = "Description of the group, up to 2048 characters. null (the default) leaves the group without a description."
  type        = string
  default     = null

  validation {
    condition     = var.description == null || (try(length(var.description), 0) >= 1 && try(length(var.description), 0) <= 2048)
    error_message = "description must be 1 to 2048 characters long, or null for no description."
  }
}

variable "join_approval_mode" {
  description = "`approval_required` (default): people with the invite link ask to join and the membership policy decides. `auto_approve`: anyone with the link joins. WhatsApp cannot change it later: changing it replaces the group."
  type        = string
  default     = "approval_required"

  validation {
    condition     = contains(["approval_required", "auto_approve"], var.join_approval_mode)
    error_message = "join_approval_mode must be \"approval_required\" or \"auto_approve\"."
  }
}

variable "invite_link_rotation" {
  description = "Any value, for example the current quarter (\"2026-q1\") or a ticket number. Changing it issues a new invite link and invalidates the previous one; people already in the group stay."
  type        = string
  default     = "initial"

  validation {
    condition     = length(trimspace(var.invite_link_rotation)) > 0
    error_message = "invite_link_rotation must not be empty: change it to another non-empty value to rotate the link."
  }
}

variable "revoke_invite_link_on_destroy" {
  description = "Whether destroying the community also invalidates its last invite link. The group is deleted anyway; this matters when only the link is removed from the configuration."
  type        = bool
  default     = true
}

variable "membership" {
  description = <<-EOT
    Membership policy, or null (the default) to let the group's join approval mode decide alone.
    `approve`: phone numbers (international format, such as "+1 555 010 0001") admitted to the group.
    `reject_unlisted` (default true): turn down join requests from everyone else.
    `remove_unlisted` (default false): remove participants who are not listed. Irreversible for them:
    a removed user can never rejoin through the invite link.
  EOT
  type = object({
    approve         = set(string)
    reject_unlisted = optional(bool, true)
    remove_unlisted = optional(bool, false)
  })
  default = null

  validation {
    condition = var.membership == null || alltrue([
      for n in try(var.membership.approve, []) :
      can(regex("^\\+?[0-9 ().-]+$", n)) &&
      length(replace(n, "/[^0-9]/", "")) >= 7 &&
      length(replace(n, "/[^0-9]/", "")) <= 15 &&
      !startswith(replace(n, "/[^0-9]/", ""), "0")
    ])
    error_message = "Every membership.approve entry must be an international phone number: 7 to 15 digits with the country code (not starting with 0), optionally with a leading \"+\", spaces, dashes, dots or parentheses."
  }

  validation {
    condition     = var.membership == null || !try(var.membership.remove_unlisted, false) || length(try(var.membership.approve, [])) > 0
    error_message = "membership.remove_unlisted = true with an empty approve list would remove every participant; list the people to keep first."
  }
}

variable "invite_template" {
  description = "The message template that sends the group's invite link (the 360dialog library template `group_invite_link`), or null (the default) for none. Template names are per WhatsApp Business Account: give each community its own."
  type = object({
    name     = string
    language = optional(string, "en_US")
  })
  default = null

  validation {
    condition     = var.invite_template == null || can(regex("^[a-z0-9_]{1,512}$", try(var.invite_template.name, "")))
    error_message = "invite_template.name must be 1 to 512 lowercase letters, digits or underscores."
  }

  validation {
    condition     = var.invite_template == null || can(regex("^[a-z]{2,3}(_[A-Z]{2})?$", try(var.invite_template.language, "")))
    error_message = "invite_template.language must be a locale code such as \"en_US\", \"de\" or \"pt_BR\"."
  }
}
