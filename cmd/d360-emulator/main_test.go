package main

import (
	"strings"
	"testing"
)

func TestRunRejectsBadFlags(t *testing.T) {
	t.Setenv("D360_API_KEY", "")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{}, "API key is required"},
		{[]string{"-api-key", "k", "-create-response", "both"}, "-create-response"},
		{[]string{"-api-key", "k", "-error-style", "xml"}, "-error-style"},
		{[]string{"-api-key", "k", "-created-at", "float"}, "created_at"},
		{[]string{"-api-key", "k", "-profile", "/nonexistent/probe.json"}, "probe.json"},
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
