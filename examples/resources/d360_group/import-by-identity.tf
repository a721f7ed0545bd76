# Terraform 1.12+: import by resource identity instead of an id string.
import {
  to = d360_group.support
  identity = {
    id = "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD"
  }
}
