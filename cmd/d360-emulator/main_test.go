package main

import (
	"strings"
	"testing"
)

func TestRunRejectsBadFlags(t *testing.T) {
	t.Setenv("D360_API_KEY", "")
	t.Setenv("WHATSAPP_ACCESS_TOKEN", "")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{}, "or an access token"},
		// A token alone is enough (it serves Meta's paths): the run gets as far as listening.
		{[]string{"-access-token", "t", "-addr", "256.0.0.1:1"}, "listen"},
		{[]string{"-api-key", "k", "-create-response", "both"}, "-create-response"},
		{[]string{"-api-key", "k", "-error-style", "xml"}, "-error-style"},
		{[]string{"-api-key", "k", "-create-delay", "soon"}, "invalid value"},
		{[]string{"-api-key", "k", "-addr", "256.0.0.1:1"}, "listen"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			err := run(tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}
