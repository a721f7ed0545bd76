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

func TestEmulatorOptionsFollowTheProfile(t *testing.T) {
	path := t.TempDir() + "/answers.json"
	if err := os.WriteFile(path, []byte(`{"create_response":"id_is_request","not_found":"100/33","error_envelope":"meta","error_data":null,
		"created_at":"rfc3339","picture_field":null,"description_trimmed":true,"omits_defaults":null}`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvEmulatorProfile, path)
	o := emulatorOptions(t, emulator.Options{APIKey: "k"})
	if o.Dialect.CreateResponse != emulator.CreateIDIsRequest || o.Dialect.NotFound != emulator.NotFoundGraph33 ||
		o.Dialect.ErrorEnvelope != "meta" || o.Dialect.CreatedAt != emulator.CreatedAtRFC3339 || !*o.Dialect.DescriptionTrimmed {
		t.Fatalf("profile not applied: %+v", o.Dialect)
	}
	// A test that pins a reading keeps it.
	o = emulatorOptions(t, emulator.Options{APIKey: "k"}, func(o *emulator.Options) { o.ErrorStyle = emulator.ErrorStyleString })
	if o.Dialect.ErrorEnvelope != "" || o.ErrorStyle != emulator.ErrorStyleString || o.Dialect.CreatedAt != emulator.CreatedAtRFC3339 {
		t.Fatalf("test's own reading lost: %+v %q", o.Dialect, o.ErrorStyle)
	}
}

// pinNotFound131041 keeps the documented "not found" answer for a test that
// asserts the code 131041 in a message, whatever D360_EMULATOR_PROFILE says.
func pinNotFound131041(o *emulator.Options) { o.Dialect.NotFound = "" }

// pinRequestIDCreate keeps Meta's request_id create answer for a test that
// counts requests: an answered id costs one more GET, to confirm it.
func pinRequestIDCreate(o *emulator.Options) { o.CreateResponse = emulator.CreateResponseRequestID }
