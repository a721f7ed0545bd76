# Import a group by its id (the d360_groups data source lists the ids).
terraform import d360_group.support Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD
