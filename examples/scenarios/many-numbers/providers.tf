# One provider configuration per phone number. 360dialog issues one API key
# per number, and everything a key manages (groups, templates) belongs to
# that number, so each number gets an alias of its own.
#
# The keys come from variables marked sensitive (TF_VAR_us_api_key and
# TF_VAR_eu_api_key in the environment): D360_API_KEY would give both
# configurations the same key.

provider "d360" {
  alias    = "us"
  api_key  = var.us_api_key
  base_url = var.us_base_url
}

provider "d360" {
  alias    = "eu"
  api_key  = var.eu_api_key
  base_url = var.eu_base_url
}
