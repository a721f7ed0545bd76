# An invite link is imported by the id of its group. Importing adopts the
# group's current link without rotating it.
terraform import d360_group_invite_link.support Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD
