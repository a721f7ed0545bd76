terraform {
  required_providers {
    d360 = {
      source = "d360/d360"
    }
  }
}

# 360dialog (the default backend). The API key of the phone number (channel)
# is best left out of the configuration: the provider reads it from
# D360_API_KEY.
provider "d360" {}

# Against a local emulator (see the "Local emulator" guide), or with the key
# from a variable marked sensitive:
#
# provider "d360" {
#   base_url = "http://127.0.0.1:8360"
#   api_key  = var.d360_api_key
# }
