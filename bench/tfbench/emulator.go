package main

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/d360/terraform-provider-d360/internal/emulator"
)

// localEmulator serves the API emulator on a free loopback port. It runs in
// this process so that the phases use its admin API (counters, seeding,
// reset) directly; Terraform and the provider reach it over HTTP exactly as
// they would reach the real API.
type localEmulator struct {
	*emulator.Emulator
	url     string
	srv     *http.Server
	latency time.Duration
}

func startEmulator(ctx context.Context, apiKey string, createDelay, latency time.Duration) (*localEmulator, error) {
	em := emulator.New(emulator.Options{APIKey: apiKey, CreateDelay: createDelay})
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: em, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	e := &localEmulator{Emulator: em, url: "http://" + ln.Addr().String(), srv: srv, latency: latency}
	e.SetLatency(latency)
	return e, nil
}

// reset forgets every group and counter; the latency is set again since the
// emulator's Reset clears it.
func (e *localEmulator) reset() {
	e.Reset()
	e.SetLatency(e.latency)
}

// seedGroups adds groups directly through the admin API (no latency, not counted).
func (e *localEmulator) seedGroups(n int, prefix string) {
	for i := range n {
		e.SeedGroup(prefix+itoa(i), "", "")
	}
}

func (e *localEmulator) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = e.srv.Shutdown(ctx)
}

// counts returns the per-route request counters since the last reset.
func (e *localEmulator) counts() map[string]int { return e.CallCounts() }
