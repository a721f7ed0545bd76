terraform {
  required_providers {
    d360 = {
      source = "d360/d360"
    }
  }
}

# The API key comes from the D360_API_KEY environment variable.
provider "d360" {}
