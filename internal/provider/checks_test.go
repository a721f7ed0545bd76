package provider

import (
	"context"
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// stateCheckFunc adapts a function to statecheck.StateCheck.
type stateCheckFunc func(ctx context.Context, state *tfjson.State) error

func (f stateCheckFunc) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if err := f(ctx, req.State); err != nil {
		resp.Error = err
	}
}

// stateAttribute returns a resource's attribute from a state.
func stateAttribute(state *tfjson.State, address, attribute string) (any, error) {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return nil, fmt.Errorf("no state")
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			return r.AttributeValues[attribute], nil
		}
	}
	return nil, fmt.Errorf("resource %s not in state", address)
}

// apiClient returns a client for this environment, for checks that look at
// the API directly (they work in live mode too).
func (e *accEnv) apiClient() *client.Client {
	c, err := client.New(e.clientConfig())
	if err != nil {
		panic(err)
	}
	return c
}

// checkNoGroup verifies after destroy that no group with these subjects is
// left.
func (e *accEnv) checkNoGroup(subjects ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		groups, err := e.apiClient().ListGroups(context.Background())
		if err != nil {
			return err
		}
		for _, g := range groups {
			for _, s := range subjects {
				if g.Subject == s {
					return fmt.Errorf("group %s (%q) still exists after destroy", g.ID, g.Subject)
				}
			}
		}
		return nil
	}
}

// expectGroupCount checks how many groups the emulator holds.
func (e *accEnv) expectGroupCount(n int) statecheck.StateCheck {
	return stateCheckFunc(func(context.Context, *tfjson.State) error {
		if e.Emulator == nil {
			return nil // live mode: other groups of the number may exist
		}
		if got := len(e.Emulator.Groups()); got != n {
			return fmt.Errorf("emulator holds %d groups, want %d", got, n)
		}
		return nil
	})
}

// expectGroupDescription reads the group from the API and compares its
// description.
func (e *accEnv) expectGroupDescription(address, want string) statecheck.StateCheck {
	return stateCheckFunc(func(ctx context.Context, state *tfjson.State) error {
		id, err := stateAttribute(state, address, "id")
		if err != nil {
			return err
		}
		g, err := e.apiClient().GetGroup(ctx, id.(string), client.FieldDescription)
		if err != nil {
			return err
		}
		if g.Description != want {
			return fmt.Errorf("the API shows description %q, want %q", g.Description, want)
		}
		return nil
	})
}

// expectPictureMatchesState checks that the emulator stores the picture whose
// digest the state records.
func (e *accEnv) expectPictureMatchesState(address string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, state *tfjson.State) error {
		if e.Emulator == nil {
			return nil // the real API cannot read a picture back
		}
		id, err := stateAttribute(state, address, "id")
		if err != nil {
			return err
		}
		digest, err := stateAttribute(state, address, "profile_picture_sha256")
		if err != nil {
			return err
		}
		g, ok := e.Emulator.Group(id.(string))
		if !ok {
			return fmt.Errorf("group %v not found", id)
		}
		if g.PictureSHA256 != digest {
			return fmt.Errorf("emulator picture digest %q, state %v", g.PictureSHA256, digest)
		}
		return nil
	})
}
