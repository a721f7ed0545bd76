# Terraform 1.12+: import by resource identity, no "name/language" string.
import {
  to = d360_invite_template.invite
  identity = {
    name     = "community_invite"
    language = "en_US"
  }
}
