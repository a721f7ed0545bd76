package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

func TestRunRejectsBadFlags(t *testing.T) {
	t.Setenv("D360_API_KEY", "")
	t.Setenv("WHATSAPP_ACCESS_TOKEN", "")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{}, "or an access token"},
		// A token alone is enough (it serves Meta's paths): the run gets as far as listening.
		{[]string{"-access-token", "t", "-addr", "256.0.0.1:1"}, "listen"},
		{[]string{"-api-key", "k", "-create-response", "both"}, "-create-response"},
		{[]string{"-api-key", "k", "-error-style", "xml"}, "-error-style"},
		{[]string{"-api-key", "k", "-created-at", "float"}, "created_at"},
		{[]string{"-api-key", "k", "-profile", "/nonexistent/probe.json"}, "probe.json"},
		{[]string{"-api-key", "k", "-create-delay", "soon"}, "invalid value"},
		{[]string{"-api-key", "k", "-addr", "256.0.0.1:1"}, "listen"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			err := run(tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

// -h lists the flags and every admin route with its body.
func TestUsageListsAdminRoutes(t *testing.T) {
	var out strings.Builder
	if err := runWithOutput([]string{"-h"}, &out); err != nil {
		t.Fatalf("err = %v", err)
	}
	for _, r := range emulator.AdminRoutes {
		if !strings.Contains(out.String(), r.Route) || (r.Body != "" && !strings.Contains(out.String(), r.Body)) {
			t.Errorf("usage lacks %s", r.Route)
		}
	}
	for _, flagName := range []string{"-create-delay duration", "(default 2s)", "-template-review-delay", "(default 10s)"} {
		if !strings.Contains(out.String(), flagName) {
			t.Errorf("usage lacks %q:\n%s", flagName, out.String())
		}
	}
}

// make emulator runs the binary with its default delays, so the two never
// disagree: the recipe must not set delays of its own.
func TestMakeEmulatorUsesTheDefaults(t *testing.T) {
	mk, err := os.ReadFile("../../GNUmakefile")
	if err != nil {
		t.Fatal(err)
	}
	_, recipe, ok := strings.Cut(string(mk), "\nemulator:")
	if !ok {
		t.Fatal("no emulator target")
	}
	recipe, _, _ = strings.Cut(recipe, "\n\n")
	if strings.Contains(recipe, "-delay") {
		t.Errorf("make emulator sets its own delays:\n%s", recipe)
	}
	if defaultCreateDelay != 2*time.Second || defaultDeleteDelay != time.Second {
		t.Error("the README and the local emulator guide state 2 s to create and 1 s to delete")
	}
}

func TestUsageNeverShowsTheKey(t *testing.T) {
	t.Setenv("D360_API_KEY", "sk-secret-in-env")
	var out strings.Builder
	if err := runWithOutput([]string{"-h"}, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "sk-secret-in-env") {
		t.Error("-h printed the API key")
	}
}
