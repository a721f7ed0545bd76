package provider

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/d360/terraform-provider-d360/internal/client"
	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// soakSize returns how many groups and seeds the fault soak uses: small in
// `make test`, larger with D360_SOAK=long (`make soak`).
func soakSize() (groups int, seeds []int64) {
	if os.Getenv("D360_SOAK") == "long" {
		return 100, []int64{11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	}
	return 50, []int64{1, 2, 3}
}

// soakConfig declares n groups, each with an invite link.
func soakConfig(env *accEnv, prefix string, n int) string {
	return env.config(fmt.Sprintf(`
resource "d360_group" "soak" {
  count       = %d
  subject     = "%s-${count.index}"
  description = "soak group ${count.index}"
}

resource "d360_group_invite_link" "soak" {
  count    = %d
  group_id = d360_group.soak[count.index].id
}
`, n, prefix, n))
}

// expectGroupsBoundOneToOne checks that the emulator holds exactly the groups
// in the state, each bound to exactly one resource.
func (e *accEnv) expectGroupsBoundOneToOne(resourceType string, n int) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, state *tfjson.State) error {
		if e.Emulator == nil {
			return nil
		}
		bound := map[string]string{}
		for _, r := range state.Values.RootModule.Resources {
			if r.Type != resourceType {
				continue
			}
			id, _ := r.AttributeValues["id"].(string)
			if other, dup := bound[id]; dup {
				return fmt.Errorf("%s and %s are bound to the same group %s", other, r.Address, id)
			}
			bound[id] = r.Address
		}
		if len(bound) != n {
			return fmt.Errorf("state holds %d %s resources, want %d", len(bound), resourceType, n)
		}
		groups := e.Emulator.Groups()
		for _, g := range groups {
			if _, ok := bound[g.ID]; !ok {
				return fmt.Errorf("group %s (%q) exists but no resource is bound to it: orphaned or duplicated (emulator holds %d groups, want %d)", g.ID, g.Subject, len(groups), n)
			}
		}
		if len(groups) != n {
			return fmt.Errorf("emulator holds %d groups, want exactly %d", len(groups), n)
		}
		return nil
	})
}

// expectInviteLinksCurrent checks that every invite link in the state is its
// group's current, valid link: a lost or repeated reset would leave a stale one.
func (e *accEnv) expectInviteLinksCurrent(n int) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, state *tfjson.State) error {
		if e.Emulator == nil {
			return nil
		}
		links := 0
		for _, r := range state.Values.RootModule.Resources {
			if r.Type != "d360_group_invite_link" {
				continue
			}
			links++
			groupID, _ := r.AttributeValues["group_id"].(string)
			link, _ := r.AttributeValues["invite_link"].(string)
			current, err := e.Emulator.InviteLink(groupID)
			if err != nil {
				return fmt.Errorf("%s: %w", r.Address, err)
			}
			if link != current || !e.Emulator.ValidInviteLink(link) {
				return fmt.Errorf("%s holds a link that is not the group's current one", r.Address)
			}
		}
		if links != n {
			return fmt.Errorf("state holds %d invite links, want %d", links, n)
		}
		return nil
	})
}

// TestAccSoak_randomFaults applies many groups while a fifth of all requests
// fail in every way the emulator can fail: nothing may be lost or duplicated.
func TestAccSoak_randomFaults(t *testing.T) {
	n, seeds := soakSize()
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed_%d", seed), func(t *testing.T) {
			env := newAccEnv(t)
			em := env.requireEmulator(t)
			kinds := []emulator.FaultKind{emulator.Fault500, emulator.Fault503, emulator.Fault429, emulator.FaultResetBefore, emulator.FaultLostAfter}
			for i, kind := range kinds {
				// Five rules of 4.5% each: about 20% of requests fail.
				em.AddFault(emulator.FaultRule{Kind: kind, Probability: 0.045, Seed: seed*100 + int64(i) + 1})
			}
			prefix := randomName(t)
			cfg := soakConfig(env, prefix, n)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				CheckDestroy: func(*terraform.State) error {
					if got := len(em.Groups()); got != 0 {
						return fmt.Errorf("destroy left %d groups", got)
					}
					return nil
				},
				Steps: []resource.TestStep{{
					Config: cfg,
					ConfigStateChecks: []statecheck.StateCheck{
						env.expectGroupsBoundOneToOne("d360_group", n),
						env.expectInviteLinksCurrent(n),
					},
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				}},
			})
			injected := em.FaultsInjected()
			total := 0
			for _, c := range injected {
				total += c
			}
			t.Logf("seed %d: %d API calls, faults injected %v", seed, em.TotalCalls(), injected)
			if injected[emulator.FaultLostAfter] == 0 || injected[emulator.Fault500] == 0 {
				t.Fatalf("the soak did not exercise the faults it claims to: %v", injected)
			}
		})
	}
}

// TestAccSoak_rateLimited applies many groups against a tight rate limit: the
// provider backs off instead of hammering, and the apply succeeds.
func TestAccSoak_rateLimited(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	// Realistic back-off for this test: the shared pause after a 429 is what
	// keeps the count of 429s low.
	env.timing.Retry = client.RetryPolicy{MaxAttempts: 10, MinBackoff: 200 * time.Millisecond, MaxBackoff: 2 * time.Second}
	em.SetRateLimit(10, 5) // requests per second, burst
	const n = 20
	prefix := randomName(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:            soakConfig(env, prefix, n),
			ConfigStateChecks: []statecheck.StateCheck{env.expectGroupsBoundOneToOne("d360_group", n)},
		}},
	})
	calls, limited := em.TotalCalls(), em.RateLimited()
	resources := 2 * n // groups and their invite links
	t.Logf("%d API calls, %d answered 429 by the rate limiter (%.1f per resource)", calls, limited, float64(limited)/float64(resources))
	// Measured with pacing: about one 429 per resource over the whole apply
	// and destroy. With the client's shared pacing switched off (each request
	// only backing off on its own) the same run drew about seven.
	if limited >= 2*resources {
		t.Fatalf("%d calls were rate limited for %d resources: the provider is hammering instead of backing off", limited, resources)
	}
	if limited == 0 {
		t.Fatal("the rate limit never triggered; the test proves nothing")
	}
}

// TestAccSoak_latencySpikes makes create and delete calls take longer than
// the HTTP client's timeout: no group may be duplicated or orphaned.
func TestAccSoak_latencySpikes(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	env.timing.RequestTimeout = 300 * time.Millisecond
	em.AddFault(emulator.FaultRule{Kind: emulator.FaultLatency, Route: "groups.create", Count: 3, Latency: 600 * time.Millisecond})
	em.AddFault(emulator.FaultRule{Kind: emulator.FaultLatency, Route: "groups.delete", Count: 3, Latency: 600 * time.Millisecond})
	const n = 5
	prefix := randomName(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy: func(*terraform.State) error {
			if got := len(em.Groups()); got != 0 {
				return fmt.Errorf("destroy left %d groups", got)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config:            soakConfig(env, prefix, n),
			ConfigStateChecks: []statecheck.StateCheck{env.expectGroupsBoundOneToOne("d360_group", n)},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	if injected := em.FaultsInjected()[emulator.FaultLatency]; injected != 6 {
		t.Fatalf("%d latency spikes injected, want 6", injected)
	}
}
