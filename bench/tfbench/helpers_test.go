package main

import (
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	cases := []struct {
		in   sample
		want time.Duration
	}{
		{nil, 0},
		{sample{3}, 3},
		{sample{5, 1, 3}, 3},
		{sample{4, 1, 3, 2}, 2}, // (2+3)/2 in integer nanoseconds
		{sample{10, 1000, 20}, 20},
	}
	for _, tc := range cases {
		if got := tc.in.median(); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	s := sample{3, 1, 2}
	s.median()
	if s[0] != 3 {
		t.Error("median reordered its input")
	}
}

func TestBatchesAndRatio(t *testing.T) {
	for _, tc := range []struct{ n, p, want int }{{0, 10, 0}, {1, 10, 1}, {10, 10, 1}, {11, 10, 2}, {500, 10, 50}, {5, 0, 5}} {
		if got := batches(tc.n, tc.p); got != tc.want {
			t.Errorf("batches(%d, %d) = %d, want %d", tc.n, tc.p, got, tc.want)
		}
	}
	if got := ratio(2400*time.Millisecond, 2*time.Second); got != 1.2 {
		t.Errorf("ratio = %v, want 1.2", got)
	}
	if got := ratio(time.Second, 0); got != 0 {
		t.Errorf("ratio without a floor = %v, want 0", got)
	}
}

func TestParseVmHWM(t *testing.T) {
	status := []byte("Name:\tterraform-provi\nVmPeak:\t  812344 kB\nVmHWM:\t   45120 kB\nVmRSS:\t   40000 kB\n")
	if kb, ok := parseVmHWM(status); !ok || kb != 45120 {
		t.Errorf("got %d, %t; want 45120", kb, ok)
	}
	if _, ok := parseVmHWM([]byte("Name:\tx\n")); ok {
		t.Error("a status without VmHWM parsed")
	}
}

func TestParseStatCPU(t *testing.T) {
	// The command name holds a space and a parenthesis; utime=250, stime=50.
	stat := []byte("4242 (terraform-pr) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 12 0 100 800000000 10000 18446744073709551615")
	cpu, ok := parseStatCPU(stat)
	if !ok || cpu != 3*time.Second {
		t.Errorf("got %v, %t; want 3s", cpu, ok)
	}
	if _, ok := parseStatCPU([]byte("4242 (short) S 1")); ok {
		t.Error("a truncated stat parsed")
	}
}

func TestParseHandshake(t *testing.T) {
	network, addr, err := parseHandshake("1|6|unix|/tmp/plugin123|grpc|\n")
	if err != nil || network != "unix" || addr != "/tmp/plugin123" {
		t.Errorf("got %q %q %v", network, addr, err)
	}
	if _, _, err := parseHandshake("1|5|unix|/tmp/p|grpc|"); err == nil {
		t.Error("protocol 5 accepted")
	}
	if _, _, err := parseHandshake("This binary is a plugin."); err == nil {
		t.Error("garbage accepted")
	}
}

func TestCountSpans(t *testing.T) {
	got := countSpans([]map[string]int{
		{"groups.get": 100, "groups.list": 3},
		{"groups.get": 100},
		{"groups.get": 100, "groups.list": 5},
	})
	if got["groups.get"] != (span{100, 100}) || got["groups.list"] != (span{0, 5}) {
		t.Errorf("spans %v", got)
	}
	if s := (span{3, 5}).String(); s != "3–5" {
		t.Errorf("span string %q", s)
	}
}

func TestGroupsConfig(t *testing.T) {
	empty := groupsConfig(0, true)
	if strings.Contains(empty, "resource") || !strings.Contains(empty, `source = "d360/d360"`) {
		t.Errorf("zero-resource configuration:\n%s", empty)
	}
	cfg := groupsConfig(7, true)
	for _, want := range []string{"count       = 7", `resource "d360_group_invite_link" "bench"`, "d360_group.bench[count.index].id"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("configuration lacks %q:\n%s", want, cfg)
		}
	}
	if strings.Contains(groupsConfig(7, false), "invite_link") {
		t.Error("links configured although disabled")
	}
}
