package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/d360/terraform-provider-d360/internal/client"
)

// Timing holds every interval the provider waits on. Production values suit
// the real API; tests shrink them so asynchronous paths run in milliseconds.
type Timing struct {
	// PollInitial is the first wait between two polls (group creation,
	// deletion, settings updates); each idle poll multiplies it by 1.5 up to
	// PollMax.
	PollInitial time.Duration
	PollMax     time.Duration
	// AmbiguousCreateWait is how long to look for a group whose create
	// response was lost before asking the API again.
	AmbiguousCreateWait time.Duration
	// PendingCreateGrace is how long after a timed-out create its group is
	// still expected to appear.
	PendingCreateGrace time.Duration
	// RequestTimeout bounds one HTTP exchange.
	RequestTimeout time.Duration
	Retry          client.RetryPolicy
	// Default operation timeouts when the configuration sets none.
	CreateTimeout time.Duration
	UpdateTimeout time.Duration
	DeleteTimeout time.Duration
}

// DefaultTiming is used against the real API.
func DefaultTiming() Timing {
	return Timing{
		PollInitial:         time.Second,
		PollMax:             10 * time.Second,
		AmbiguousCreateWait: 2 * time.Minute,
		PendingCreateGrace:  30 * time.Minute,
		RequestTimeout:      60 * time.Second,
		Retry:               client.DefaultRetryPolicy,
		CreateTimeout:       10 * time.Minute,
		UpdateTimeout:       5 * time.Minute,
		DeleteTimeout:       5 * time.Minute,
	}
}

// nextInterval grows a poll interval by half, up to max.
func nextInterval(current, maxInterval time.Duration) time.Duration {
	next := current + current/2
	if next > maxInterval {
		return maxInterval
	}
	return next
}

// operationTimeout bounds ctx by the operation's timeout: the resource's
// `timeouts` value read by get (for example plan.Timeouts.Create), or def.
// ok is false when the configured value is invalid (reported in diags).
func operationTimeout(ctx context.Context, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), def time.Duration, diags *diag.Diagnostics) (_ context.Context, cancel context.CancelFunc, timeout time.Duration, ok bool) {
	timeout, d := get(ctx, def)
	diags.Append(d...)
	if d.HasError() {
		return ctx, func() {}, 0, false
	}
	ctx, cancel = context.WithTimeout(ctx, timeout)
	return ctx, cancel, timeout, true
}
