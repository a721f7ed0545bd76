package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// expectNotInState fails when any of the secrets appears anywhere in the
// state.
func expectNotInState(secrets ...string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, state *tfjson.State) error {
		raw, err := json.Marshal(state)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if strings.Contains(string(raw), s) {
				return fmt.Errorf("a secret appears in the state")
			}
		}
		return nil
	})
}

// TestAccSecrets_keyNeverLogged runs apply, refresh, import, a failing apply
// and destroy with TRACE logging of Terraform and the provider captured to a
// file, then searches the log and the state for the API key.
func TestAccSecrets_keyNeverLogged(t *testing.T) {
	env := newAccEnv(t)
	em := env.requireEmulator(t)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_LOG", "TRACE")
	// The key (or, through the meta backend, the token) comes from the
	// environment, as the documentation recommends; the provider block only
	// points at the emulator.
	provider := env.providerBlockSecretFromEnv(t)
	secret := env.secret()
	subject := randomName(t)
	cfg := provider + groupConfig(subject, `  description = "secret test"`)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{expectNotInState(secret)},
			},
			{RefreshState: true},
			{ResourceName: "d360_group.test", ImportState: true, ImportStateVerify: true},
			{
				// An API error on the way: its text must not carry the key either.
				PreConfig:   func() { em.FailCreates(131215) },
				Config:      cfg + strings.Replace(groupConfig(subject+"-2", ""), `"test"`, `"second"`, 1),
				ExpectError: regexp.MustCompile(`131215`),
			},
			{
				PreConfig: func() { em.FailCreates(0) },
				Config:    cfg,
			},
		},
	})

	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) < 10_000 {
		t.Fatalf("the TRACE log holds only %d bytes: logging was not captured, so the check would prove nothing", len(log))
	}
	if !strings.Contains(string(log), "API request") {
		t.Fatal("the provider's own request log lines are missing from the captured log")
	}
	if strings.Contains(string(log), secret) {
		t.Fatal("the credential appears in the TRACE log")
	}
	// Fragments guard against a key that was split or partly masked.
	if strings.Contains(string(log), secret[len(secret)/2:]) {
		t.Fatal("part of the API key appears in the TRACE log")
	}
}
