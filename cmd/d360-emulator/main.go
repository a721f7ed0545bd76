// Command d360-emulator serves the in-memory 360dialog Groups and Templates
// API of internal/emulator, for live-mode tests, benchmarks and demos, at
// 360dialog's paths (D360-API-KEY) and Meta's Cloud API paths (Bearer token)
// at once.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
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

// Default delays: those of the real API as users meet them, short enough
// that no documented example waits long. `make emulator` relies on them.
const (
	defaultCreateDelay = 2 * time.Second
	defaultDeleteDelay = time.Second
	defaultUpdateDelay = 500 * time.Millisecond
	defaultReviewDelay = 10 * time.Second
)

func run(args []string) error { return runWithOutput(args, os.Stderr) }

// runWithOutput runs the emulator; usage and flag errors go to usage.
func runWithOutput(args []string, usage io.Writer) error {
	fs := flag.NewFlagSet("d360-emulator", flag.ContinueOnError)
	fs.SetOutput(usage)
	addr := fs.String("addr", "127.0.0.1:8360", "listen address")
	// The default is read after parsing, so -h never prints the key.
	apiKey := fs.String("api-key", "", "D360-API-KEY value to accept (default $D360_API_KEY)")
	createDelay := fs.Duration("create-delay", defaultCreateDelay, "time until a created group exists")
	deleteDelay := fs.Duration("delete-delay", defaultDeleteDelay, "time until a deleted group is gone")
	updateDelay := fs.Duration("update-delay", defaultUpdateDelay, "time until group setting changes are visible")
	latency := fs.Duration("latency", 0, "latency added to every API call")
	createResponse := fs.String("create-response", string(emulator.CreateResponseRequestID), "POST /groups answer: request_id, id (= id_is_group) or id_is_request")
	webhookURL := fs.String("webhook-url", "", "URL receiving webhook envelopes")
	errorStyle := fs.String("error-style", string(emulator.ErrorStyleGraph), "error envelope: graph, meta or string")
	reviewDelay := fs.Duration("template-review-delay", defaultReviewDelay,
		"time until custom templates are approved (0 = never: approve or reject them with POST /_emulator/templates/status)")
	// Meta's Cloud API paths (/<version>/...) are served next to 360dialog's.
	accessToken := fs.String("access-token", "", "Bearer token to accept on Meta's paths (default $WHATSAPP_ACCESS_TOKEN)")
	phoneNumberID := fs.String("phone-number-id", emulator.DefaultPhoneNumberID, "phone number id of Meta's /<version>/<id>/groups")
	businessAccountID := fs.String("business-account-id", emulator.DefaultBusinessAccountID, "business account id of Meta's /<version>/<id>/message_templates")
	dialect := dialectFlags(fs)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintln(out, "Usage: d360-emulator [flags]\n\nServes an in-memory 360dialog Groups and template API, and Meta's Cloud API paths to the same store.\n\nFlags:")
		fs.PrintDefaults()
		fmt.Fprintln(out)
		emulator.WriteAdminRoutes(out, "http://"+*addr)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *apiKey == "" {
		*apiKey = os.Getenv("D360_API_KEY")
	}
	if *accessToken == "" {
		*accessToken = os.Getenv("WHATSAPP_ACCESS_TOKEN")
	}
	if *apiKey == "" && *accessToken == "" {
		return errors.New("an API key (-api-key or D360_API_KEY) or an access token (-access-token or WHATSAPP_ACCESS_TOKEN) is required")
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
		AccessToken: *accessToken, PhoneNumberID: *phoneNumberID, BusinessAccountID: *businessAccountID,
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
