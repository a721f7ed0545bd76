# A template is imported by its name and language.
terraform import d360_invite_template.invite community_invite/en_US
