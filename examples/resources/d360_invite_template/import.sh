# A template is imported by its name and language.
terraform import d360_invite_template.invite community_invite/en_US

# A template copied from the Template Library: add its library template name,
# which the API's listing may not report.
terraform import d360_invite_template.library community_invite/en_US/group_invite_link
