# Look a group up by its id...
data "d360_group" "by_id" {
  id = "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD"
}

# ...or by its exact subject, which must belong to exactly one active group.
data "d360_group" "watch_club" {
  subject = "Watch Enthusiasts"
}

output "watch_club_members" {
  value = data.d360_group.watch_club.total_participant_count
}

# The invite link is sensitive: anyone holding it can join the group.
output "watch_club_invite_link" {
  value     = data.d360_group.watch_club.invite_link
  sensitive = true
}
