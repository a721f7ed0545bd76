# Integration tests: real applies through the d360 provider. The provider
# is configured from the environment, as in production:
#
#   export D360_BASE_URL=http://127.0.0.1:8360   # a local d360-emulator
#   export D360_API_KEY=local-dev-key
#   terraform test -filter=tests/apply.tftest.hcl
#
# Against the real API (D360_BASE_URL unset) these runs create and delete
# real WhatsApp groups and templates on the key's phone number. Terraform
# destroys everything the runs created when the file ends, in reverse order;
# the repository's scripts/module-test.sh then checks with the emulator's
# admin API that no group and no template is left.
#
# Values of earlier runs are compared in the read_group helper (passed in as
# variables) rather than with run.<name> in assert conditions, and each
# run.<name> reference names the latest run of its module: Terraform accepts
# more, but OpenTofu (1.12) accepts only this, and the runs pass on both.

variables {
  name        = "tf-test Acme community"
  description = "Created by terraform test."
}

run "create" {
  assert {
    condition     = output.group_id != ""
    error_message = "The module must output the new group's id."
  }

  assert {
    condition     = output.subject == "tf-test Acme community" && output.join_approval_mode == "approval_required"
    error_message = "The group must have the configured subject and require approval."
  }

  assert {
    condition     = startswith(output.invite_link, "https://chat.whatsapp.com/")
    error_message = "The module must output the group's invite link."
  }
}

# A second module reads the group back through the data source: what the
# module reports is what the API holds.
run "api_holds_the_group" {
  module {
    source = "./tests/setup/read_group"
  }

  variables {
    group_id             = run.create.group_id
    reported_invite_link = run.create.invite_link
  }

  assert {
    condition     = output.subject == "tf-test Acme community" && output.join_approval_mode == "approval_required"
    error_message = "The API must hold a group with the module's subject and join approval mode."
  }

  assert {
    condition     = output.reported_link_is_current
    error_message = "The module's invite_link output must be the group's current link."
  }
}

run "rotate_invite_link" {
  variables {
    invite_link_rotation = "2026-q2"
  }

  assert {
    condition     = startswith(output.invite_link, "https://chat.whatsapp.com/")
    error_message = "The module must output the rotated invite link."
  }
}

run "link_rotated_group_kept" {
  module {
    source = "./tests/setup/read_group"
  }

  variables {
    group_id             = run.rotate_invite_link.group_id
    reported_invite_link = run.rotate_invite_link.invite_link
    earlier_group_id     = run.api_holds_the_group.group_id
    earlier_invite_link  = run.api_holds_the_group.invite_link
  }

  assert {
    condition     = output.same_group_as_earlier
    error_message = "Rotating the link must keep the group."
  }

  assert {
    condition     = output.link_changed_since_earlier && output.reported_link_is_current
    error_message = "A new invite_link_rotation value must issue a new invite link, and the module must report it."
  }
}

run "add_membership_and_template" {
  variables {
    invite_link_rotation = "2026-q2"
    membership = {
      approve = ["+1 555 010 0001"]
    }
    invite_template = {
      name = "tf_test_acme_community_invite"
    }
  }

  assert {
    condition     = output.pending_join_requests == []
    error_message = "Nobody has asked to join yet."
  }

  assert {
    condition     = output.invite_template.status == "approved"
    error_message = "The library invite template is approved at once."
  }

  assert {
    condition     = output.invite_message.components[0].parameters[0].group_id == output.group_id
    error_message = "The invite message must name the community's group."
  }
}

run "optional_parts_keep_group_and_link" {
  module {
    source = "./tests/setup/read_group"
  }

  variables {
    group_id             = run.add_membership_and_template.group_id
    reported_invite_link = run.add_membership_and_template.invite_link
    earlier_group_id     = run.link_rotated_group_kept.group_id
    earlier_invite_link  = run.link_rotated_group_kept.invite_link
  }

  assert {
    condition     = output.same_group_as_earlier && !output.link_changed_since_earlier
    error_message = "Adding the optional parts must change neither the group nor its link."
  }
}

run "for_each_over_a_map" {
  module {
    source = "./tests/setup/communities"
  }

  variables {
    communities = {
      support = { name = "tf-test Acme support" }
      beta    = { name = "tf-test Acme beta testers", join_approval_mode = "auto_approve" }
    }
  }

  assert {
    condition     = length(output.group_ids) == 2 && length(distinct(values(output.group_ids))) == 2
    error_message = "Every community of the map must get a group of its own."
  }

  assert {
    condition     = output.subjects["beta"] == "tf-test Acme beta testers"
    error_message = "Every community must get its own subject."
  }
}
