package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

func parseDialect(t *testing.T, args ...string) (emulator.Dialect, error) {
	t.Helper()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("create-response", "request_id", "")
	fs.String("error-style", "graph", "")
	build := dialectFlags(fs)
	if err := fs.Parse(args); err != nil {
		return emulator.Dialect{}, err
	}
	return build()
}

// A profile sets every reading it holds; flags given on the command line
// win over it; a null value keeps the default.
func TestProfileThenFlags(t *testing.T) {
	path := filepath.Join(t.TempDir(), "probe.json")
	profile := `{"create_response":"id_is_request","not_found":"100/33","error_envelope":"meta","error_data":"string",
		"created_at":"rfc3339","picture_field":"profile_picture_file","description_trimmed":true,"omits_defaults":null}`
	if err := os.WriteFile(path, []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := parseDialect(t, "-profile", path, "-created-at", "numeric_string", "-removals-reported-later")
	if err != nil {
		t.Fatal(err)
	}
	if d.CreateResponse != "id_is_request" || d.NotFound != "100/33" || d.ErrorEnvelope != "meta" || d.ErrorData != "string" ||
		d.CreatedAt != "numeric_string" || d.PictureField != "profile_picture_file" || d.DescriptionTrimmed == nil || !*d.DescriptionTrimmed ||
		!d.RemovalsReportedLater || d.OmitsDefaults != nil {
		t.Fatalf("dialect %+v", d)
	}
}

func TestOmitDefaultsFlag(t *testing.T) {
	d, err := parseDialect(t, "-omit-defaults")
	if err != nil || d.OmitsDefaults == nil || !*d.OmitsDefaults {
		t.Fatalf("dialect %+v, %v", d, err)
	}
}

func TestDialectFlagErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"created_at":"float"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-created-at", "float"}, "created_at"},
		{[]string{"-not-found", "gone"}, "not_found"},
		{[]string{"-picture-field", "image"}, "picture_field"},
		{[]string{"-profile", bad}, "created_at"},
		{[]string{"-profile", filepath.Join(t.TempDir(), "missing.json")}, "no such file"},
		{[]string{"-create-response", "maybe"}, "create_response"},
	} {
		if _, err := parseDialect(t, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want it to mention %q", tc.args, err, tc.want)
		}
	}
}
