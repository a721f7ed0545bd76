# A business with two WhatsApp numbers: the communities of each number are
# created through that number's provider configuration. Each number is
# capped at 10,000 groups (error 131211 beyond), so spreading communities
# over numbers is also how a business grows past that cap.
#
# The community module has no provider block of its own: the caller passes
# the configuration in `providers`. Provider configurations cannot be chosen
# per for_each instance, hence one module block per number, each iterating
# over that number's share of var.communities.

locals {
  communities_by_number = {
    for number in ["us", "eu"] : number => {
      for key, c in var.communities : key => c if c.number == number
    }
  }
}

module "us" {
  source   = "../../modules/community"
  for_each = local.communities_by_number["us"]
  providers = {
    d360 = d360.us
  }

  name                 = each.value.name
  description          = each.value.description
  invite_link_rotation = var.invite_link_rotation
  membership           = each.value.approve == null ? null : { approve = each.value.approve }
  invite_template      = each.value.invite_template == null ? null : { name = each.value.invite_template }
}

module "eu" {
  source   = "../../modules/community"
  for_each = local.communities_by_number["eu"]
  providers = {
    d360 = d360.eu
  }

  name                 = each.value.name
  description          = each.value.description
  invite_link_rotation = var.invite_link_rotation
  membership           = each.value.approve == null ? null : { approve = each.value.approve }
  invite_template      = each.value.invite_template == null ? null : { name = each.value.invite_template }
}

# Warn well before a number runs out of groups. The lists include groups
# created outside Terraform, which count against the cap too. The data
# sources are top-level (not nested in the check blocks) so that they are
# read during the plan and an unchanged configuration plans no change.
data "d360_groups" "us" {
  provider = d360.us
}

data "d360_groups" "eu" {
  provider = d360.eu
}

check "us_group_capacity" {
  assert {
    condition     = length(data.d360_groups.us.ids) < 9000
    error_message = "The US number has ${length(data.d360_groups.us.ids)} of its 10,000 groups: create new communities on another number."
  }
}

check "eu_group_capacity" {
  assert {
    condition     = length(data.d360_groups.eu.ids) < 9000
    error_message = "The EU number has ${length(data.d360_groups.eu.ids)} of its 10,000 groups: create new communities on another number."
  }
}
