# Every active group of the phone number.
data "d360_groups" "all" {}

# Only the groups whose subject starts with "Support - ".
data "d360_groups" "support" {
  subject_regex = "^Support - "
}

# Read each support group in full, for example for its participants.
data "d360_group" "support" {
  for_each = toset(data.d360_groups.support.ids)
  id       = each.value
}

output "group_count" {
  value = length(data.d360_groups.all.ids)
}

output "support_participants" {
  value = { for id, g in data.d360_group.support : id => g.participants }
}
