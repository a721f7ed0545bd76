# Terraform 1.12+: import by resource identity (the group id). Importing
# never rotates the link.
import {
  to = d360_group_invite_link.support
  identity = {
    group_id = "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD"
  }
}
