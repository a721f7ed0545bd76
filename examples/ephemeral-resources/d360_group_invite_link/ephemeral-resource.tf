resource "d360_group" "support" {
  subject = "Acme customer support"
}

# Reads the group's current invite link without storing it in state or plan
# files, and without resetting it (Terraform 1.10+).
ephemeral "d360_group_invite_link" "support" {
  group_id = d360_group.support.id
}

# Hand the link to something that must not keep it in Terraform's state, for
# example a write-only argument of a secret store (Vault provider 5.x):
#
# resource "vault_kv_secret_v2" "support_invite" {
#   mount                = "kv"
#   name                 = "whatsapp/support-invite"
#   data_json_wo         = jsonencode({ link = ephemeral.d360_group_invite_link.support.invite_link })
#   data_json_wo_version = 1
# }
locals {
  support_invite_link = ephemeral.d360_group_invite_link.support.invite_link
}
