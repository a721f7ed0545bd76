package provider

import (
	"os"
	"testing"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// EnvEmulatorProfile names a probe's answers (d360-probe -out FILE): with it,
// every acceptance test's emulator speaks the dialect of that real number
// (`make test D360_EMULATOR_PROFILE=FILE`).
const EnvEmulatorProfile = "D360_EMULATOR_PROFILE"

// emulatorOptions builds one test's emulator options: the profile's
// dialect, then the test's own adjustments, which win where they pin a
// reading (a test about the meta envelope keeps the meta envelope).
func emulatorOptions(t *testing.T, base emulator.Options, adjust ...func(*emulator.Options)) emulator.Options {
	t.Helper()
	o := base
	if path := os.Getenv(EnvEmulatorProfile); path != "" {
		d, err := emulator.LoadDialect(path)
		if err != nil {
			t.Fatalf("%s: %v", EnvEmulatorProfile, err)
		}
		o.Dialect = d
	}
	for _, f := range adjust {
		f(&o)
	}
	if o.ErrorStyle != "" {
		o.Dialect.ErrorEnvelope = ""
	}
	if o.CreateResponse != "" {
		o.Dialect.CreateResponse = ""
	}
	return o
}
