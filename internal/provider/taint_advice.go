package provider

import "fmt"

// untaintAdvice explains how to keep an object whose create ended in an
// error after the object came to exist. Terraform marks such a resource
// tainted and always replaces a tainted resource on the next apply; a
// provider cannot lift the mark, and it does not know the resource's
// address, which Terraform prints above the message.
func untaintAdvice(what string) string {
	return fmt.Sprintf("Terraform marked this resource as tainted, so the next apply would delete %s and create it again. "+
		"To keep it instead, run\n\n  terraform untaint <address>\n\n"+
		"with the resource address shown above (for example terraform untaint d360_group.support, or "+
		"terraform untaint 'module.chat.d360_group.this[\"support\"]' inside a module), then terraform plan and terraform apply as usual.", what)
}
