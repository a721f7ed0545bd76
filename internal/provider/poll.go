package provider

import (
	"context"
	"time"
)

// pollUntil calls check until it reports done, an error, or ctx ends. It
// starts with timing.PollInitial between calls and backs off to PollMax. The
// framework has no retry helper; this one honours the operation's timeout
// through ctx.
func pollUntil(ctx context.Context, timing Timing, check func(context.Context) (bool, error)) error {
	interval := timing.PollInitial
	for {
		done, err := check(ctx)
		if err != nil || done {
			return err
		}
		timer := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
		interval = nextInterval(interval, timing.PollMax)
	}
}
