variable "us_api_key" {
  description = "360dialog API key of the US phone number."
  type        = string
  sensitive   = true
}

variable "eu_api_key" {
  description = "360dialog API key of the EU phone number."
  type        = string
  sensitive   = true
}

variable "us_base_url" {
  description = "API base URL for the US number; null means D360_BASE_URL or https://waba-v2.360dialog.io."
  type        = string
  default     = null
}

variable "eu_base_url" {
  description = "API base URL for the EU number; null means D360_BASE_URL or https://waba-v2.360dialog.io."
  type        = string
  default     = null
}

variable "communities" {
  description = "Every community of the business, by key, with the phone number (us or eu) whose group it is."
  type = map(object({
    number          = string
    name            = string
    description     = optional(string)
    approve         = optional(set(string))
    invite_template = optional(string)
  }))

  default = {
    us-support = {
      number      = "us"
      name        = "Acme support (US)"
      description = "Questions about your order? Ask here."
    }
    us-beta = {
      number          = "us"
      name            = "Acme beta testers (US)"
      approve         = ["+1 555 010 0001", "+1 555 010 0002"]
      invite_template = "acme_us_beta_invite"
    }
    eu-support = {
      number          = "eu"
      name            = "Acme support (EU)"
      description     = "Fragen zu Ihrer Bestellung? Hier sind wir."
      invite_template = "acme_eu_support_invite"
    }
  }

  validation {
    condition     = alltrue([for c in values(var.communities) : contains(["us", "eu"], c.number)])
    error_message = "Every community's number must be \"us\" or \"eu\" (one provider configuration each in providers.tf)."
  }
}

variable "invite_link_rotation" {
  description = "Change it to rotate the invite links of every community on both numbers."
  type        = string
  default     = "2026-q1"
}
