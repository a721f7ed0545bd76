terraform {
  required_providers {
    d360 = {
      source = "d360/d360"
    }
  }
}
