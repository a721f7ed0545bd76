# The membership policy of a group is imported by the group's id. The policy
# itself (approve, reject_unlisted, remove_unlisted) comes from the configuration.
terraform import d360_group_membership.community Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD
