// Command tfbench measures the d360 provider the way users run it: it builds
// the provider binary once, serves the in-memory API emulator with a chosen
// latency and creation delay on a free loopback port, and times real
// `terraform apply` and `terraform plan` runs over N groups (and one invite
// link each, when the provider has that resource) against a zero-resource
// baseline. Every phase is repeated and reported as a median, next to the
// floor it is compared with and the requests the emulator counted.
//
// Run it from the repository root (make bench):
//
//	go run ./bench/tfbench -n 100,500 -latency 200ms -create-delay 2s
//
// Linux only: the provider's CPU time and peak memory are sampled from /proc.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

type options struct {
	repo            string
	terraform       string
	sizes           []int
	latency         time.Duration
	createDelay     time.Duration
	parallelism     int
	applyRuns       int
	planRuns        int
	startupRuns     int
	listGroups      int
	joinRequests    int
	crowdedN        int
	crowdedExisting int
	links           string
	phases          map[string]bool
	work            string
	keep            bool
	jsonOut         string
}

var allPhases = []string{"startup", "refresh", "create", "atonce", "crowded", "lists"}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "tfbench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "tfbench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("tfbench", flag.ContinueOnError)
	terraform := os.Getenv("TERRAFORM")
	if terraform == "" {
		terraform = "/usr/local/bin/terraform"
	}
	sizes := fs.String("n", "100,500", "comma-separated numbers of groups")
	phases := fs.String("phases", strings.Join(allPhases, ","), "phases to run: "+strings.Join(allPhases, ","))
	fs.StringVar(&o.repo, "repo", ".", "repository root (the provider's main package)")
	fs.StringVar(&o.terraform, "terraform", terraform, "Terraform binary (default $TERRAFORM or /usr/local/bin/terraform)")
	fs.DurationVar(&o.latency, "latency", 200*time.Millisecond, "latency the emulator adds to every API call")
	fs.DurationVar(&o.createDelay, "create-delay", 2*time.Second, "time until a created group exists")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	fs.IntVar(&o.applyRuns, "apply-runs", 3, "repetitions of each apply")
	fs.IntVar(&o.planRuns, "plan-runs", 5, "repetitions of each plan")
	fs.IntVar(&o.startupRuns, "startup-runs", 15, "repetitions of the start-up measurement")
	fs.IntVar(&o.listGroups, "list-groups", 10000, "groups listed by the d360_groups phase")
	fs.IntVar(&o.joinRequests, "join-requests", 2500, "pending join requests listed by the d360_group_join_requests phase")
	fs.IntVar(&o.crowdedN, "crowded-n", 20, "groups created by the crowded phase")
	fs.IntVar(&o.crowdedExisting, "crowded-existing", 9000, "groups that exist before the crowded phase creates more")
	fs.StringVar(&o.links, "links", "auto", "manage one d360_group_invite_link per group: auto (when the provider has it), true, false")
	fs.StringVar(&o.work, "work", "", "working directory (default: a new temporary directory)")
	fs.BoolVar(&o.keep, "keep", false, "keep the working directory")
	fs.StringVar(&o.jsonOut, "json", "", "also write the results as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return o, fmt.Errorf("-n: %q is not a positive number", s)
		}
		o.sizes = append(o.sizes, n)
	}
	o.phases = map[string]bool{}
	for _, p := range strings.Split(*phases, ",") {
		p = strings.TrimSpace(p)
		if !contains(allPhases, p) {
			return o, fmt.Errorf("-phases: unknown phase %q (known: %s)", p, strings.Join(allPhases, ", "))
		}
		o.phases[p] = true
	}
	if o.links != "auto" && o.links != "true" && o.links != "false" {
		return o, fmt.Errorf("-links must be auto, true or false")
	}
	if o.parallelism <= 0 || o.applyRuns <= 0 || o.planRuns <= 0 || o.startupRuns <= 0 {
		return o, errors.New("-parallelism and the run counts must be positive")
	}
	return o, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func run(ctx context.Context, o options) error {
	if runtime.GOOS != "linux" {
		return errors.New("tfbench samples the provider process through /proc and runs on Linux only")
	}
	if _, err := exec.LookPath(o.terraform); err != nil {
		return fmt.Errorf("terraform not found at %s (set -terraform or TERRAFORM): %w", o.terraform, err)
	}
	work := o.work
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "tfbench-"); err != nil {
			return err
		}
	}
	if !o.keep {
		defer os.RemoveAll(work)
	}
	b := &bench{opts: o, work: work, results: &results{}}
	if err := b.setUp(ctx); err != nil {
		return err
	}
	defer b.emu.close()
	if err := b.runPhases(ctx); err != nil {
		return err
	}
	report := b.results.markdown()
	fmt.Println(report)
	if o.jsonOut != "" {
		data, err := json.MarshalIndent(b.results, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.jsonOut, data, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// bench holds what the phases share.
type bench struct {
	opts      options
	work      string
	provider  string // the built binary
	cliConfig string
	apiKey    string
	links     bool
	emu       *localEmulator
	results   *results
}

func (b *bench) setUp(ctx context.Context) error {
	binDir := filepath.Join(b.work, "bin")
	b.provider = filepath.Join(binDir, "terraform-provider-d360")
	logf("building the provider into %s", binDir)
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-X main.version=bench", "-o", b.provider, ".") //nolint:gosec // G204: fixed command, path chosen by the benchmark
	build.Dir = b.opts.repo
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}
	b.cliConfig = filepath.Join(b.work, "terraformrc")
	if err := writeCLIConfig(b.cliConfig, binDir); err != nil {
		return err
	}
	key := make([]byte, 12)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	b.apiKey = "bench-" + hex.EncodeToString(key)
	switch b.opts.links {
	case "auto":
		b.links = providerHas("d360_group_invite_link")
	default:
		b.links = b.opts.links == "true"
	}
	var err error
	b.emu, err = startEmulator(ctx, b.apiKey, b.opts.createDelay, b.opts.latency)
	if err != nil {
		return err
	}
	logf("emulator on %s (latency %s, create delay %s); invite links: %t", b.emu.url, b.opts.latency, b.opts.createDelay, b.links)
	b.results.Machine = describeMachine(ctx, b.opts.terraform)
	b.results.Settings = settings{
		Latency: b.opts.latency.String(), CreateDelay: b.opts.createDelay.String(), Parallelism: b.opts.parallelism,
		ApplyRuns: b.opts.applyRuns, PlanRuns: b.opts.planRuns, InviteLinks: b.links,
	}
	return nil
}

func (b *bench) workspace(name string) (*workspace, error) {
	return newWorkspace(filepath.Join(b.work, name), b.opts.terraform, b.provider, b.cliConfig, b.emu.url, b.apiKey)
}

func (b *bench) runPhases(ctx context.Context) error {
	if b.opts.phases["startup"] {
		if err := b.startup(ctx); err != nil {
			return fmt.Errorf("startup: %w", err)
		}
	}
	needBaseline := b.opts.phases["refresh"] || b.opts.phases["create"] || b.opts.phases["crowded"] || b.opts.phases["lists"]
	if needBaseline {
		if err := b.baseline(ctx); err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
	}
	for _, n := range b.opts.sizes {
		if b.opts.phases["create"] || b.opts.phases["refresh"] {
			if err := b.createAndRefresh(ctx, n); err != nil {
				return fmt.Errorf("%d groups: %w", n, err)
			}
		}
		if b.opts.phases["atonce"] {
			if err := b.createAtOnce(ctx, n); err != nil {
				return fmt.Errorf("%d groups at once: %w", n, err)
			}
		}
	}
	if b.opts.phases["crowded"] {
		if err := b.createCrowded(ctx); err != nil {
			return fmt.Errorf("crowded: %w", err)
		}
	}
	if b.opts.phases["lists"] {
		if err := b.lists(ctx); err != nil {
			return fmt.Errorf("lists: %w", err)
		}
	}
	return nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s tfbench: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
