// Command d360-emulator serves the in-memory 360dialog Groups and Templates
// API of internal/emulator, for live-mode tests, benchmarks and demos.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "d360-emulator:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("d360-emulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8360", "listen address")
	apiKey := fs.String("api-key", os.Getenv("D360_API_KEY"), "D360-API-KEY value to accept (default $D360_API_KEY)")
	createDelay := fs.Duration("create-delay", 0, "time until a created group exists")
	deleteDelay := fs.Duration("delete-delay", 0, "time until a deleted group is gone")
	updateDelay := fs.Duration("update-delay", 0, "time until group setting changes are visible")
	latency := fs.Duration("latency", 0, "latency added to every API call")
	createResponse := fs.String("create-response", string(emulator.CreateResponseRequestID), "POST /groups answer: request_id, id (= id_is_group) or id_is_request")
	webhookURL := fs.String("webhook-url", "", "URL receiving webhook envelopes")
	errorStyle := fs.String("error-style", string(emulator.ErrorStyleGraph), "error envelope: graph, meta or string")
	reviewDelay := fs.Duration("template-review-delay", 0, "time until custom templates are approved (0 = never)")
	dialect := dialectFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *apiKey == "" {
		return errors.New("an API key is required (-api-key or D360_API_KEY)")
	}
	switch *createResponse {
	case string(emulator.CreateResponseRequestID), string(emulator.CreateResponseID), emulator.CreateIDIsGroup, emulator.CreateIDIsRequest:
	default:
		return fmt.Errorf("-create-response must be request_id, id, id_is_group or id_is_request, not %q", *createResponse)
	}
	switch emulator.ErrorStyle(*errorStyle) {
	case emulator.ErrorStyleGraph, emulator.ErrorStyleMeta, emulator.ErrorStyleString:
	default:
		return fmt.Errorf("-error-style must be graph, meta or string, not %q", *errorStyle)
	}
	d, err := dialect()
	if err != nil {
		return fmt.Errorf("reading: %w", err)
	}

	em := emulator.New(emulator.Options{
		APIKey: *apiKey, CreateDelay: *createDelay, DeleteDelay: *deleteDelay, UpdateDelay: *updateDelay,
		CreateResponse: emulator.CreateResponseMode(*createResponse), ErrorStyle: emulator.ErrorStyle(*errorStyle),
		WebhookURL: *webhookURL, TemplateReviewDelay: *reviewDelay, Dialect: d,
	})
	em.SetLatency(*latency)

	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: em, ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("d360-emulator listening on http://%s\n", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
