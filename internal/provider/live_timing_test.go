package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// Live mode waits with production timing, fit for the real API. Against a
// separately started emulator (CI's proof of live mode) those waits would
// only add idle seconds to every create and delete, so two environment
// variables shorten them; unset, they leave production values alone.
const (
	// envAccPollInterval is the first wait between two polls; later waits
	// grow up to ten times it, never beyond the production maximum unless
	// the value itself is larger.
	envAccPollInterval = "D360_ACC_POLL_INTERVAL"
	// envAccAmbiguousWait is how long a create whose answer was lost looks
	// for its group before asking again.
	envAccAmbiguousWait = "D360_ACC_AMBIGUOUS_WAIT"
)

// liveTiming is the timing of live-mode tests and of the sweepers.
func liveTiming() (Timing, error) {
	return timingFromEnv(DefaultTiming(), os.Getenv)
}

// timingFromEnv applies the overrides found through getenv to base.
func timingFromEnv(base Timing, getenv func(string) string) (Timing, error) {
	timing := base
	if raw := getenv(envAccPollInterval); raw != "" {
		d, err := positiveDuration(envAccPollInterval, raw)
		if err != nil {
			return Timing{}, err
		}
		timing.PollInitial = d
		timing.PollMax = max(d, min(10*d, base.PollMax))
	}
	if raw := getenv(envAccAmbiguousWait); raw != "" {
		d, err := positiveDuration(envAccAmbiguousWait, raw)
		if err != nil {
			return Timing{}, err
		}
		timing.AmbiguousCreateWait = d
	}
	return timing, nil
}

func positiveDuration(name, raw string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(raw))
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q: must be a positive Go duration such as 200ms or 2s", name, raw)
	}
	return d, nil
}

func TestTimingFromEnv(t *testing.T) {
	base := DefaultTiming()
	env := func(kv map[string]string) func(string) string {
		return func(k string) string { return kv[k] }
	}
	cases := []struct {
		name    string
		vars    map[string]string
		want    func(Timing) Timing
		wantErr string
	}{
		{name: "unset keeps production timing", vars: nil, want: func(t Timing) Timing { return t }},
		{
			name: "short poll interval caps growth at ten times",
			vars: map[string]string{envAccPollInterval: "50ms"},
			want: func(t Timing) Timing { t.PollInitial, t.PollMax = 50*time.Millisecond, 500*time.Millisecond; return t },
		},
		{
			name: "growth never passes the production maximum",
			vars: map[string]string{envAccPollInterval: "3s"},
			want: func(t Timing) Timing { t.PollInitial, t.PollMax = 3*time.Second, base.PollMax; return t },
		},
		{
			name: "an interval above the production maximum is taken as is",
			vars: map[string]string{envAccPollInterval: "30s"},
			want: func(t Timing) Timing { t.PollInitial, t.PollMax = 30*time.Second, 30*time.Second; return t },
		},
		{
			name: "ambiguous wait",
			vars: map[string]string{envAccAmbiguousWait: " 3s "},
			want: func(t Timing) Timing { t.AmbiguousCreateWait = 3 * time.Second; return t },
		},
		{name: "not a duration", vars: map[string]string{envAccPollInterval: "fast"}, wantErr: `D360_ACC_POLL_INTERVAL="fast": must be a positive Go duration`},
		{name: "a number without unit", vars: map[string]string{envAccAmbiguousWait: "5"}, wantErr: `D360_ACC_AMBIGUOUS_WAIT="5": must be a positive`},
		{name: "zero", vars: map[string]string{envAccPollInterval: "0s"}, wantErr: `D360_ACC_POLL_INTERVAL="0s"`},
		{name: "negative", vars: map[string]string{envAccAmbiguousWait: "-1s"}, wantErr: `D360_ACC_AMBIGUOUS_WAIT="-1s"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := timingFromEnv(base, env(tc.vars))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := tc.want(base); got != want {
				t.Fatalf("timing\n got %+v\nwant %+v", got, want)
			}
		})
	}
}
