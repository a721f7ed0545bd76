# The 360dialog library template that carries a group invite link.
resource "d360_invite_template" "invite" {
  name     = "community_invite"
  language = "en_US"
}

# A custom marketing template, submitted for review; apply waits until
# WhatsApp approves it and fails with the rejection reason otherwise.
resource "d360_invite_template" "launch" {
  name                  = "launch_community_invite"
  language              = "en_US"
  category              = "MARKETING"
  allow_category_change = true
  wait_for_approval     = true

  components = jsonencode([
    {
      # {{1}} receives the group_id parameter of the message, which WhatsApp
      # replaces with the group's current invite link.
      type    = "BODY"
      text    = "Our new product community is open. Join the group: {{1}}"
      example = { body_text = [["https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv"]] }
    },
    {
      type = "FOOTER"
      text = "Reply STOP to opt out"
    },
  ])

  timeouts = {
    create = "2h"
  }
}
