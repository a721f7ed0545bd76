# Unit-style tests: plan only, against a mocked provider. They need no API
# key and no network, cost no API call and run in about a second:
#
#   terraform test -filter=tests/plan.tftest.hcl
#
# A mocked provider keeps the real provider's schema and its plan-time
# validation of arguments (a misspelled attribute or a subject with trailing
# spaces still fails), but reads and creates nothing: computed attributes
# such as ids are unknown in a plan. These runs check the module's own logic
# (variables, validations, counts, wiring), not the API.

mock_provider "d360" {}

variables {
  name = "Acme customer community"
}

run "defaults_create_group_and_link_only" {
  command = plan

  assert {
    condition     = d360_group.this.subject == "Acme customer community"
    error_message = "The group's subject must be var.name."
  }

  assert {
    condition     = d360_group.this.join_approval_mode == "approval_required"
    error_message = "A community requires approval to join unless told otherwise."
  }

  assert {
    condition     = d360_group.this.description == null
    error_message = "Without var.description the group must have no description."
  }

  assert {
    condition     = d360_group_invite_link.this.revoke_on_destroy
    error_message = "Destroying the community must revoke its invite link by default."
  }

  assert {
    condition     = d360_group_invite_link.this.triggers == tomap({ rotation = "initial" })
    error_message = "The invite link must rotate on var.invite_link_rotation only."
  }

  assert {
    condition     = length(d360_group_membership.this) == 0 && length(d360_invite_template.this) == 0
    error_message = "Membership policy and invite template are optional and off by default."
  }

  assert {
    condition     = output.pending_join_requests == null && output.invite_template == null && output.invite_message == null
    error_message = "Outputs of optional parts must be null when the parts are off."
  }
}

run "membership_and_template_when_asked" {
  command = plan

  variables {
    description          = "News and answers from the Acme team."
    invite_link_rotation = "2026-q1"
    membership = {
      approve = ["+1 555 010 0001", "+44 20 7946 0958"]
    }
    invite_template = {
      name = "acme_community_invite"
    }
  }

  assert {
    condition     = d360_group.this.description == "News and answers from the Acme team."
    error_message = "The group's description must be var.description."
  }

  assert {
    condition     = d360_group_invite_link.this.triggers.rotation == "2026-q1"
    error_message = "The rotation trigger must be var.invite_link_rotation."
  }

  assert {
    condition     = length(d360_group_membership.this) == 1
    error_message = "A membership policy must be planned when var.membership is set."
  }

  assert {
    condition     = d360_group_membership.this[0].approve == toset(["+1 555 010 0001", "+44 20 7946 0958"])
    error_message = "The policy must approve exactly the listed numbers."
  }

  assert {
    condition     = d360_group_membership.this[0].reject_unlisted && !d360_group_membership.this[0].remove_unlisted
    error_message = "A community rejects unlisted requests but never removes anyone unless told to."
  }

  assert {
    condition     = d360_invite_template.this[0].name == "acme_community_invite" && d360_invite_template.this[0].language == "en_US"
    error_message = "The invite template must have the configured name and default to en_US."
  }

  assert {
    condition     = output.invite_template.name == "acme_community_invite" && output.invite_message.language.code == "en_US"
    error_message = "The template outputs must describe the planned template."
  }
}

run "for_each_over_a_map" {
  command = plan

  module {
    source = "./tests/setup/communities"
  }

  variables {
    communities = {
      support = { name = "Acme support" }
      beta    = { name = "Acme beta testers", join_approval_mode = "auto_approve" }
    }
  }

  assert {
    condition     = length(output.subjects) == 2 && output.subjects["support"] == "Acme support" && output.subjects["beta"] == "Acme beta testers"
    error_message = "Every community of the map must get its own group, keyed like the map."
  }
}

# Bad input fails at plan time, before any API call, naming the variable.

run "rejects_untrimmed_name" {
  command = plan

  variables {
    name = " Acme"
  }

  expect_failures = [var.name]
}

run "rejects_too_long_name" {
  command = plan

  variables {
    name = join("", [for i in range(129) : "a"])
  }

  expect_failures = [var.name]
}

run "rejects_empty_description" {
  command = plan

  variables {
    description = ""
  }

  expect_failures = [var.description]
}

run "rejects_unknown_join_approval_mode" {
  command = plan

  variables {
    join_approval_mode = "approval"
  }

  expect_failures = [var.join_approval_mode]
}

run "rejects_blank_rotation" {
  command = plan

  variables {
    invite_link_rotation = " "
  }

  expect_failures = [var.invite_link_rotation]
}

run "rejects_local_phone_number" {
  command = plan

  variables {
    membership = {
      approve = ["020 7946 0958"]
    }
  }

  expect_failures = [var.membership]
}

run "rejects_remove_unlisted_without_approve" {
  command = plan

  variables {
    membership = {
      approve         = []
      remove_unlisted = true
    }
  }

  expect_failures = [var.membership]
}

run "rejects_bad_template_name" {
  command = plan

  variables {
    invite_template = {
      name = "Acme-Invite"
    }
  }

  expect_failures = [var.invite_template]
}

run "rejects_bad_template_language" {
  command = plan

  variables {
    invite_template = {
      name     = "acme_community_invite"
      language = "english"
    }
  }

  expect_failures = [var.invite_template]
}

run "rejects_reject_unlisted_on_auto_approve" {
  command = plan

  variables {
    join_approval_mode = "auto_approve"
    membership = {
      approve = ["+1 555 010 0001"]
    }
  }

  expect_failures = [d360_group_membership.this]
}
