// Command d360-probe asks a real 360dialog (or Meta Cloud API compatible)
// number the questions its public documents leave open, and prints what the
// contract allows next to what this API did (issue 13; CONTRIBUTING.md
// "Probing a real number"). It is read-only unless -write is given.
//
//	D360_API_KEY=... d360-probe [-write] [-out answers.json]
//
// The -out file is a profile for `d360-emulator -profile FILE` and for
// `make test D360_EMULATOR_PROFILE=FILE`.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/d360/terraform-provider-d360/internal/client"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "d360-probe:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("d360-probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	write := fs.Bool("write", false, "also create a tf-probe-<random> group, upload a picture, reset its link and delete it (always cleaned up)")
	out := fs.String("out", "", "write the answers as JSON to this file (a profile for d360-emulator -profile)")
	wait := fs.Duration("wait", 2*time.Minute, "how long to wait for an asynchronous effect (a new group to appear, a deleted one to go)")
	poll := fs.Duration("poll", time.Second, "interval between two looks while waiting")
	timeout := fs.Duration("request-timeout", 60*time.Second, "timeout of one HTTP request")
	verbose := fs.Bool("v", false, "log every step")
	if err := fs.Parse(args); err != nil {
		return err
	}
	key := getenv("D360_API_KEY")
	if key == "" {
		return errors.New("D360_API_KEY is not set: the probe reads (and with -write changes) the number of that key")
	}
	base := getenv("D360_BASE_URL")
	if base == "" {
		base = client.DefaultBaseURL
	}
	a, err := newAPI(base, key, *timeout)
	if err != nil {
		return err
	}
	logf := func(string, ...any) {}
	if *verbose {
		logf = func(format string, args ...any) { fmt.Fprintf(stderr, "d360-probe: "+format+"\n", args...) }
	}
	p := newProbe(a, *wait, *poll, logf, stderr)
	fmt.Fprintf(stdout, "Probing %s (read-only%s)\n\n", client.RedactURL(base), map[bool]string{true: " checks, then -write", false: ""}[*write])

	runErr := p.readOnly(ctx)
	if runErr == nil && *write {
		runErr = p.write(ctx)
	}
	if !*write {
		for _, k := range []string{"create_response", "picture_field", "description_trimmed"} {
			p.notes[k] = "needs -write"
		}
	}
	printTable(stdout, p.out, p.notes)
	if *out != "" {
		data, err := json.MarshalIndent(p.out, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*out, append(data, '\n'), 0o600); err != nil {
			return errors.Join(runErr, err)
		}
		fmt.Fprintf(stdout, "\nAnswers written to %s (use it with d360-emulator -profile).\n", *out)
	}
	return runErr
}
