terraform {
  required_providers {
    d360 = {
      source = "d360/d360"
    }
  }
}

# Meta's WhatsApp Cloud API, called directly (graph.facebook.com) with a
# system user access token. The token, the phone number id and the WhatsApp
# Business Account id are best left out of the configuration: the provider
# reads them from WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID and
# WHATSAPP_BUSINESS_ACCOUNT_ID.
provider "d360" {
  backend = "meta"
}

# Or with every setting spelled out (the token from a variable marked
# sensitive):
#
# provider "d360" {
#   backend             = "meta"
#   access_token        = var.whatsapp_access_token
#   phone_number_id     = "106540352242922"
#   business_account_id = "102290129340398"
#   graph_api_version   = "v23.0"
# }
