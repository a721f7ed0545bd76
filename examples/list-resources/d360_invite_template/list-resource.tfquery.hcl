# Find the approved templates of the account (Terraform 1.14+).
list "d360_invite_template" "approved" {
  provider = d360

  config {
    status = "approved"
  }
}
