package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// workspace is one Terraform working directory pointed at the local
// provider build through dev_overrides (no `terraform init`: with
// dev_overrides it would look the provider up in the registry).
type workspace struct {
	dir       string
	terraform string
	provider  string // the provider binary, watched by the sampler
	env       []string
}

// tfRun is one timed Terraform command.
type tfRun struct {
	Wall     time.Duration
	ExitCode int
	// TotalCPU is Terraform's CPU time including the providers it waited for.
	TotalCPU time.Duration
	Provider procUsage
	Output   string
}

// writeCLIConfig writes a CLI configuration whose dev_overrides point at the
// directory of the provider binary.
func writeCLIConfig(path, providerDir string) error {
	cfg := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/d360/d360" = %q
  }
  direct {}
}
`, providerDir)
	return os.WriteFile(path, []byte(cfg), 0o600)
}

func newWorkspace(dir, terraform, provider, cliConfig, baseURL, apiKey string) (*workspace, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	env := append(cleanEnv(),
		// Set explicitly: some environments point TF_CLI_CONFIG_FILE at a
		// missing file, and the dev override must win over the registry.
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0",
		"D360_API_KEY="+apiKey, "D360_BASE_URL="+baseURL,
	)
	return &workspace{dir: dir, terraform: terraform, provider: provider, env: env}, nil
}

// setConfig replaces the configuration and forgets the state, so the next
// apply creates everything anew.
func (w *workspace) setConfig(hcl string) error {
	for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		if err := os.Remove(filepath.Join(w.dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(hcl), 0o600)
}

// run times one Terraform command. Exit codes listed in okCodes are not
// errors (plan -detailed-exitcode answers 2 for "changes present").
func (w *workspace) run(ctx context.Context, okCodes []int, args ...string) (tfRun, error) {
	cmd := exec.CommandContext(ctx, w.terraform, args...) //nolint:gosec // G204: running the Terraform binary the user chose is the point
	cmd.Dir = w.dir
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	s := startSampler(w.provider)
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	usage := s.finish()
	r := tfRun{Wall: wall, Provider: usage, Output: out.String()}
	if cmd.ProcessState != nil {
		r.ExitCode = cmd.ProcessState.ExitCode()
		r.TotalCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return r, err
	}
	for _, c := range okCodes {
		if r.ExitCode == c {
			return r, nil
		}
	}
	return r, fmt.Errorf("terraform %s exited with %d:\n%s", args[0], r.ExitCode, tail(r.Output, 40))
}

func (w *workspace) apply(ctx context.Context, parallelism int) (tfRun, error) {
	return w.run(ctx, []int{0}, "apply", "-auto-approve", "-input=false", "-no-color", "-compact-warnings",
		fmt.Sprintf("-parallelism=%d", parallelism))
}

// plan refreshes and plans; a plan that is not empty is an error, since
// every plan measured here follows an apply of the same configuration.
func (w *workspace) plan(ctx context.Context, parallelism int) (tfRun, error) {
	r, err := w.run(ctx, []int{0, 2}, "plan", "-input=false", "-no-color", "-compact-warnings", "-detailed-exitcode",
		fmt.Sprintf("-parallelism=%d", parallelism))
	if err == nil && r.ExitCode == 2 {
		return r, fmt.Errorf("the plan is not empty:\n%s", tail(r.Output, 40))
	}
	return r, err
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := bytes.Split([]byte(s), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
