package provider

import (
	"context"
	"fmt"
	"image/color"
	"path/filepath"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// groupReadings are the readings of the documents that change what
// d360_group sees (issue 13; DESIGN.md "Readings the documents allow").
var groupReadings = map[string]emulator.Dialect{
	"create answers a request id as id": {CreateResponse: emulator.CreateIDIsRequest},
	"create answers the group id":       {CreateResponse: emulator.CreateIDIsGroup},
	"not found as 100/33":               {NotFound: emulator.NotFoundGraph33},
	"error_data as a string":            {ErrorData: emulator.ErrorDataString},
	"meta envelope, error_data string":  {ErrorEnvelope: "meta", ErrorData: emulator.ErrorDataString},
	"string envelope":                   {ErrorEnvelope: "string"},
	"created_at as a digit string":      {CreatedAt: emulator.CreatedAtNumericStr},
	"created_at as RFC 3339":            {CreatedAt: emulator.CreatedAtRFC3339},
	"picture part profile_picture_file": {PictureField: emulator.PictureFieldD360},
	"join_approval_mode as a boolean":   {JoinApprovalModeBool: true},
	"descriptions trimmed":              {DescriptionTrimmed: func(b bool) *bool { return &b }(true)},
}

// TestAccReadings_group runs the life of a group (create with every
// setting, a picture and approval mode, an empty plan, a deletion outside
// Terraform that the next plan re-creates, destroy) against the emulator
// speaking each reading. Each reading fails without its handling: a request
// id bound as a group id never becomes visible, an unreadable created_at
// or error_data breaks the list or the refresh, a refused picture part
// fails the apply, a boolean mode cannot be decoded.
//
// In live mode the API speaks its own reading: the life runs once.
func TestAccReadings_group(t *testing.T) {
	readings := groupReadings
	if liveMode() {
		readings = map[string]emulator.Dialect{"the API's own reading": {}}
	}
	for name, dialect := range readings {
		t.Run(name, func(t *testing.T) {
			env := newAccEnv(t, func(o *emulator.Options) { o.Dialect = dialect })
			subject := randomName(t)
			picture := filepath.Join(t.TempDir(), "logo.jpg")
			writeJPEG(t, picture, 192, 192, color.RGBA{G: 200, A: 255})
			cfg := env.config(groupConfig(subject, fmt.Sprintf(`  description        = "Support"
  join_approval_mode = "approval_required"
  profile_picture_file = %q`, picture)))
			var id string
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				CheckDestroy:             env.checkNoGroup(subject),
				Steps: []resource.TestStep{
					{
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("join_approval_mode"), knownvalue.StringExact("approval_required")),
							statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("suspended"), knownvalue.Bool(false)),
							statecheck.ExpectKnownValue("d360_group.test", tfjsonpath.New("description"), knownvalue.StringExact("Support")),
							env.expectPictureMatchesState("d360_group.test"),
							env.expectGroupCount(1),
							captureID("d360_group.test", &id),
						},
					},
					{
						// Deleted outside Terraform, through the API as a
						// person with the same key would: the refresh drops
						// it and the plan creates it again.
						PreConfig: func() { env.deleteGroupOutOfBand(t, id) },
						Config:    cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionCreate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{env.expectGroupCount(1)},
					},
				},
			})
		})
	}
}

// captureID copies a resource's id out of the state for a later PreConfig.
func captureID(address string, into *string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, state *tfjson.State) error {
		id, err := stateAttribute(state, address, "id")
		if err != nil {
			return err
		}
		*into, _ = id.(string)
		return nil
	})
}

// The invite link of a group deleted outside Terraform, when the API says
// "not found" in Graph's generic way (code 100, subcode 33) with error_data
// as a string: the refresh drops both and the plan creates both again.
func TestAccReadings_inviteLinkOfDeletedGroup(t *testing.T) {
	env := newAccEnv(t, func(o *emulator.Options) {
		o.Dialect = emulator.Dialect{NotFound: emulator.NotFoundGraph33, ErrorData: emulator.ErrorDataString}
	})
	subject := randomName(t)
	cfg := env.config(groupConfig(subject, "") + `
resource "d360_group_invite_link" "test" {
  group_id = d360_group.test.id
}
`)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoGroup(subject),
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{captureID("d360_group.test", &id)},
			},
			{
				PreConfig: func() { env.deleteGroupOutOfBand(t, id) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("d360_group.test", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("d360_group_invite_link.test", plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
