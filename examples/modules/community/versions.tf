terraform {
  # optional() object attributes with defaults need Terraform 1.3; the
  # tests in tests/ need 1.7 (mock_provider).
  required_version = ">= 1.3"

  required_providers {
    d360 = {
      source = "d360/d360"
    }
  }
}
