# Terraform 1.12+: import by resource identity (the group id).
import {
  to = d360_group_membership.community
  identity = {
    group_id = "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD"
  }
}
