# adopt.tfquery.hcl: find the groups to adopt (Terraform 1.14+), then
#   terraform query -generate-config-out=adopt.tf
# writes a resource block and an import block for each of them.
list "d360_group" "customers" {
  provider = d360
  # Terraform lists at most 100 results unless told otherwise.
  limit = 1000

  config {
    subject_regex = "^Customers "
  }
}
