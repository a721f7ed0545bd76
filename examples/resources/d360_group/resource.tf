resource "d360_group" "support" {
  subject            = "Acme support"
  description        = "Questions about your order? Ask here."
  join_approval_mode = "approval_required"

  timeouts = {
    create = "10m"
  }
}
