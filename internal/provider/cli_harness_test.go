package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// tfCLI runs a Terraform binary against this provider served in process,
// for the commands terraform-plugin-testing does not drive: `terraform query
// -generate-config-out` followed by plan and apply, and `terraform apply
// -invoke`. It uses the binary of TF_ACC_TERRAFORM_PATH and skips the test
// when that is not a Terraform at least minVersion (OpenTofu has neither
// query nor actions).
type tfCLI struct {
	t   *testing.T
	bin string
	dir string
	env []string
}

// testCLI returns the binary acceptance tests run and its `version` output.
func testCLI(t *testing.T) (bin, versionOut string) {
	t.Helper()
	bin = os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			t.Skip("no Terraform binary (set TF_ACC_TERRAFORM_PATH)")
		}
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	return bin, string(out)
}

func newTFCLI(t *testing.T, env *accEnv, minVersion, why string) *tfCLI {
	t.Helper()
	bin, outStr := testCLI(t)
	out := []byte(outStr)
	if strings.Contains(outStr, "OpenTofu") {
		t.Skipf("OpenTofu: %s needs Terraform %s", why, minVersion)
	}
	m := regexp.MustCompile(`v(\d+\.\d+\.\d+)`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("cannot read the version of %s: %s", bin, out)
	}
	if version.Must(version.NewVersion(m[1])).LessThan(version.Must(version.NewVersion(minVersion))) {
		t.Skipf("Terraform %s: %s needs Terraform %s or later (set TF_ACC_TERRAFORM_PATH, see CONTRIBUTING.md)", m[1], why, minVersion)
	}

	reattach := serveInProcess(t, env)
	dir := t.TempDir()
	return &tfCLI{t: t, bin: bin, dir: dir, env: append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+reattach, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0",
		"TF_CLI_CONFIG_FILE="+filepath.Join(dir, ".terraformrc"))}
}

// serveInProcess serves the provider over gRPC in this process, as
// terraform-plugin-testing does, and returns the TF_REATTACH_PROVIDERS value.
func serveInProcess(t *testing.T, env *accEnv) string {
	t.Helper()
	srv, err := providerserver.NewProtocol6WithError(NewWithTiming("test", env.timing)())()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	go func() {
		_ = tf6server.Serve("registry.terraform.io/hashicorp/d360", func() tfprotov6.ProviderServer { return srv },
			tf6server.WithDebug(ctx, configCh, closeCh), tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
	}()
	cfg := <-configCh
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	raw, err := json.Marshal(map[string]any{"registry.terraform.io/hashicorp/d360": map[string]any{
		"Protocol": cfg.Protocol, "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": true,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// write puts a file in the working directory.
func (c *tfCLI) write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// read returns a file of the working directory.
func (c *tfCLI) read(name string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// run runs a command and returns its output (stdout, then stderr) and exit
// code; only a failure to start is fatal.
func (c *tfCLI) run(args ...string) (string, int) {
	c.t.Helper()
	stdout, stderr, code := c.exec(args...)
	return stdout + stderr, code
}

func (c *tfCLI) exec(args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	cmd := exec.Command(c.bin, append([]string{"-chdir=" + c.dir}, args...)...)
	cmd.Env = c.env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out.String(), errOut.String(), 0
	case errors.As(err, &ee):
		return out.String(), errOut.String(), ee.ExitCode()
	}
	c.t.Fatalf("terraform %v: %v", args, err)
	return "", "", -1
}

// mustRun runs a command that must succeed and returns its output.
func (c *tfCLI) mustRun(args ...string) string {
	c.t.Helper()
	out, code := c.run(args...)
	if code != 0 {
		c.t.Fatalf("terraform %s failed (exit %d):\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// mustStdout runs a command that must succeed and returns its stdout only
// (for -json output).
func (c *tfCLI) mustStdout(args ...string) string {
	c.t.Helper()
	stdout, stderr, code := c.exec(args...)
	if code != 0 {
		c.t.Fatalf("terraform %s failed (exit %d):\n%s%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout
}
