package main

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/d360/terraform-provider-d360/internal/provider"
)

// machine describes where the figures were measured.
type machine struct {
	CPUs      int    `json:"cpus"`
	CPUModel  string `json:"cpu_model"`
	MemoryMB  int    `json:"memory_mb"`
	Go        string `json:"go"`
	Terraform string `json:"terraform"`
	Kernel    string `json:"kernel"`
}

func describeMachine(ctx context.Context, terraform string) machine {
	m := machine{CPUs: runtime.NumCPU(), Go: runtime.Version()}
	if out, err := exec.CommandContext(ctx, terraform, "version").Output(); err == nil {
		m.Terraform = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				m.CPUModel = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				if f := strings.Fields(rest); len(f) > 0 {
					kb, _ := strconv.Atoi(f[0])
					m.MemoryMB = kb / 1024
				}
			}
		}
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(data))
	}
	return m
}

// providerHas reports whether the provider in this tree has a resource type,
// so the benchmark manages invite links only once that resource exists.
func providerHas(typeName string) bool {
	ctx := context.Background()
	p := provider.New("bench")()
	for _, newResource := range p.Resources(ctx) {
		var resp resource.MetadataResponse
		newResource().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "d360"}, &resp)
		if resp.TypeName == typeName {
			return true
		}
	}
	return false
}

func itoa(i int) string { return strconv.Itoa(i) }
