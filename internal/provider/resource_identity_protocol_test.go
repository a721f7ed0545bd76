package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// TestProtocolResourceIdentity_schemas: every resource declares its
// identity, each attribute required for import.
func TestProtocolResourceIdentity_schemas(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	resp, err := p.srv.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "GetResourceIdentitySchemas", resp.Diagnostics)
	want := map[string][]string{
		"d360_group":             {"id"},
		"d360_group_invite_link": {"group_id"},
		"d360_group_membership":  {"group_id"},
		"d360_invite_template":   {"language", "name"},
	}
	if len(resp.IdentitySchemas) != len(want) {
		t.Fatalf("identity schemas for %d resource types, want %d", len(resp.IdentitySchemas), len(want))
	}
	for typeName, attrs := range want {
		s := resp.IdentitySchemas[typeName]
		if s == nil {
			t.Fatalf("%s has no identity schema", typeName)
		}
		var got []string
		for _, a := range s.IdentityAttributes {
			if !a.RequiredForImport {
				t.Errorf("%s.%s is not required for import", typeName, a.Name)
			}
			got = append(got, a.Name)
		}
		if strings.Join(got, ",") != strings.Join(attrs, ",") {
			t.Errorf("%s identity = %v, want %v", typeName, got, attrs)
		}
	}
}

// identityType is the object type of a resource's identity.
func (p *protoEnv) identityType(t *testing.T, typeName string) tftypes.Object {
	t.Helper()
	resp, err := p.srv.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return resp.IdentitySchemas[typeName].ValueType().(tftypes.Object)
}

// importByIdentity imports a resource from an import block's identity and
// reads it as Terraform does next; it returns the state and identity
// attributes after the read.
func (p *protoEnv) importByIdentity(t *testing.T, typeName string, identity map[string]string) (state, ident map[string]tftypes.Value) {
	t.Helper()
	ctx := context.Background()
	typ := p.identityType(t, typeName)
	vals := map[string]tftypes.Value{}
	for k, v := range identity {
		vals[k] = protoStr(v)
	}
	imp, err := p.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{
		TypeName: typeName,
		Identity: &tfprotov6.ResourceIdentityData{IdentityData: protoObject(t, typ, vals)},
	})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "ImportResourceState", imp.Diagnostics)
	if len(imp.ImportedResources) != 1 {
		t.Fatalf("imported %d resources, want 1", len(imp.ImportedResources))
	}
	r := imp.ImportedResources[0]
	read, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
		TypeName: typeName, CurrentState: r.State, CurrentIdentity: r.Identity, Private: r.Private,
	})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "ReadResource", read.Diagnostics)
	return protoAttrs(t, p.schema.ResourceSchemas[typeName].ValueType(), read.NewState),
		protoAttrs(t, typ, read.NewIdentity.IdentityData)
}

// TestProtocolResourceIdentity_importByIdentity imports each resource type
// from its identity alone, as `import { identity = {...} }` does on
// Terraform 1.12+, and checks the state and the identity kept after the read.
func TestProtocolResourceIdentity_importByIdentity(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	groupID := p.em.SeedGroup("tf-acc-identity", "", "approval_required")
	p.em.SeedTemplate(emulator.Template{Name: "tf_acc_identity", Language: "de", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})

	for _, tc := range []struct {
		typeName string
		identity map[string]string
		state    map[string]string
	}{
		{"d360_group", map[string]string{"id": groupID}, map[string]string{"id": groupID, "subject": "tf-acc-identity"}},
		{"d360_group_invite_link", map[string]string{"group_id": groupID}, map[string]string{"group_id": groupID}},
		{"d360_group_membership", map[string]string{"group_id": groupID}, map[string]string{"group_id": groupID}},
		{"d360_invite_template", map[string]string{"name": "tf_acc_identity", "language": "de"}, map[string]string{"name": "tf_acc_identity", "language": "de"}},
	} {
		t.Run(tc.typeName, func(t *testing.T) {
			state, ident := p.importByIdentity(t, tc.typeName, tc.identity)
			for k, v := range tc.state {
				if got := protoString(t, state[k]); got != v {
					t.Errorf("state %s = %q, want %q", k, got, v)
				}
			}
			for k, v := range tc.identity {
				if got := protoString(t, ident[k]); got != v {
					t.Errorf("identity %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

// TestProtocolResourceIdentity_importByIDSetsIdentity: `terraform import`
// and import blocks with an id fill the identity too.
func TestProtocolResourceIdentity_importByIDSetsIdentity(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	p.em.SeedTemplate(emulator.Template{Name: "tf_acc_identity", Language: "en_US", Category: "UTILITY", LibraryTemplateName: "group_invite_link"})
	imp, err := p.srv.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{
		TypeName: "d360_invite_template", ID: "tf_acc_identity/en_US",
	})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "ImportResourceState", imp.Diagnostics)
	ident := protoAttrs(t, p.identityType(t, "d360_invite_template"), imp.ImportedResources[0].Identity.IdentityData)
	if protoString(t, ident["name"]) != "tf_acc_identity" || protoString(t, ident["language"]) != "en_US" {
		t.Fatalf("identity = %v", ident)
	}
}

// TestProtocolResourceIdentity_emptyAttribute: an identity with an empty
// attribute is refused, naming the attribute, without an API call.
func TestProtocolResourceIdentity_emptyAttribute(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	typ := p.identityType(t, "d360_invite_template")
	imp, err := p.srv.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{
		TypeName: "d360_invite_template",
		Identity: &tfprotov6.ResourceIdentityData{IdentityData: protoObject(t, typ, map[string]tftypes.Value{
			"name": protoStr("tf_acc_x"), "language": protoStr(""),
		})},
	})
	if err != nil {
		t.Fatal(err)
	}
	err = protoErrors(imp.Diagnostics)
	if err == nil || !strings.Contains(err.Error(), "language is empty") {
		t.Fatalf("error = %v, want one naming language", err)
	}
	if n := p.em.TotalCalls(); n != 0 {
		t.Errorf("%d API calls, want 0", n)
	}
}

// TestProtocolResourceIdentity_goneWithoutPriorIdentity: a state written
// before identities existed, whose group was deleted outside Terraform, is
// removed on refresh without the framework's "missing identity" error.
func TestProtocolResourceIdentity_goneWithoutPriorIdentity(t *testing.T) {
	t.Parallel()
	p := newProtoEnv(t)
	id := p.em.SeedGroup("tf-acc-gone", "", "")
	imp, err := p.srv.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: "d360_group", ID: id})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "ImportResourceState", imp.Diagnostics)
	if err := p.em.DeleteGroup(id); err != nil {
		t.Fatal(err)
	}
	read, err := p.srv.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
		TypeName: "d360_group", CurrentState: imp.ImportedResources[0].State,
	})
	if err != nil {
		t.Fatal(err)
	}
	protoFail(t, "ReadResource", read.Diagnostics)
	st, err := read.NewState.Unmarshal(p.schema.ResourceSchemas["d360_group"].ValueType())
	if err != nil || !st.IsNull() {
		t.Fatalf("state after the group was deleted: %v (%v), want null", st, err)
	}
}
