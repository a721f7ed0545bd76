resource "d360_group" "vip" {
  subject            = "VIP customers"
  join_approval_mode = "approval_required"
}

# The users waiting for approval, oldest request first.
data "d360_group_join_requests" "vip" {
  group_id = d360_group.vip.id
}

output "waiting_users" {
  value = [for r in data.d360_group_join_requests.vip.join_requests : r.wa_id]
}
