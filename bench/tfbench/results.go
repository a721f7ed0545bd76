package main

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

type settings struct {
	Latency     string `json:"latency"`
	CreateDelay string `json:"create_delay"`
	Parallelism int    `json:"parallelism"`
	ApplyRuns   int    `json:"apply_runs"`
	PlanRuns    int    `json:"plan_runs"`
	InviteLinks bool   `json:"invite_links"`
}

type results struct {
	Machine  machine         `json:"machine"`
	Settings settings        `json:"settings"`
	Startup  *startupFigures `json:"startup,omitempty"`
	Baseline []*phase        `json:"baseline,omitempty"`
	Refresh  []*phase        `json:"refresh,omitempty"`
	Create   []*phase        `json:"create,omitempty"`
	AtOnce   []*phase        `json:"create_at_once,omitempty"`
	Crowded  []*phase        `json:"create_crowded,omitempty"`
	Lists    []*phase        `json:"lists,omitempty"`
}

type startupFigures struct {
	Runs               int     `json:"runs"`
	HandshakeMedianMS  float64 `json:"handshake_median_ms"`
	SchemaMedianMS     float64 `json:"schema_median_ms"`
	SchemaMinMS        float64 `json:"schema_min_ms"`
	SchemaMaxMS        float64 `json:"schema_max_ms"`
	SchemaBytes        int     `json:"schema_bytes"`
	TerraformSchemaMS  float64 `json:"terraform_providers_schema_median_ms"`
	TerraformSchemaRun int     `json:"terraform_providers_schema_runs"`
}

// phase is one measured operation, repeated Runs times.
type phase struct {
	Name      string `json:"name"`
	N         int    `json:"n"`         // groups (or listed items)
	Resources int    `json:"resources"` // resource instances involved
	Runs      int    `json:"runs"`
	// Seconds.
	Median       float64 `json:"median_s"`
	Min          float64 `json:"min_s"`
	Max          float64 `json:"max_s"`
	OverBaseline float64 `json:"over_baseline_s"`
	Floor        float64 `json:"floor_s"`
	FloorRule    string  `json:"floor_rule"`
	Ratio        float64 `json:"ratio"`
	Target       float64 `json:"target_ratio,omitempty"`
	Note         string  `json:"target_note,omitempty"`
	// Requests per route over the runs.
	Requests map[string]span `json:"requests"`
	// Provider process: median CPU and the largest peak RSS of any run.
	ProviderCPUMS     float64 `json:"provider_cpu_ms"`
	ProviderPeakRSSMB float64 `json:"provider_peak_rss_mb"`
	ProviderProcesses int     `json:"provider_processes"`
	// TerraformCPUMS is Terraform's own CPU time (median), providers excluded.
	TerraformCPUMS float64 `json:"terraform_cpu_ms"`

	walls  sample
	cpus   sample
	tfCPUs sample
	counts []map[string]int
}

// span is the range of a count over several runs.
type span struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

func (s span) String() string {
	if s.Min == s.Max {
		return fmt.Sprint(s.Min)
	}
	return fmt.Sprintf("%d–%d", s.Min, s.Max)
}

// record adds one run to the phase.
func (p *phase) record(r tfRun, counts map[string]int) {
	p.Runs++
	p.walls = append(p.walls, r.Wall)
	p.counts = append(p.counts, counts)
	p.ProviderPeakRSSMB = max(p.ProviderPeakRSSMB, math.Round(float64(r.Provider.PeakRSSKB)/1024*10)/10)
	p.ProviderProcesses = max(p.ProviderProcesses, r.Provider.Processes)
	p.cpus = append(p.cpus, r.Provider.CPU)
	p.tfCPUs = append(p.tfCPUs, r.TotalCPU-r.Provider.CPU)
}

// finish computes the medians and compares with the floor.
func (p *phase) finish(baseline, floor time.Duration, rule string, target float64) {
	p.Median, p.Min, p.Max = seconds(p.walls.median()), seconds(p.walls.min()), seconds(p.walls.max())
	over := p.walls.median() - baseline
	p.OverBaseline = seconds(over)
	p.Floor, p.FloorRule, p.Target = seconds(floor), rule, target
	p.Ratio = ratio(over, floor)
	p.Requests = countSpans(p.counts)
	p.ProviderCPUMS = float64(p.cpus.median().Milliseconds())
	p.TerraformCPUMS = float64(p.tfCPUs.median().Milliseconds())
}

// countSpans is the range of every route's count over runs; a route absent
// from a run counts 0 there.
func countSpans(runs []map[string]int) map[string]span {
	out := map[string]span{}
	for _, counts := range runs {
		for route := range counts {
			out[route] = span{Min: math.MaxInt}
		}
	}
	for route, s := range out {
		for _, counts := range runs {
			n := counts[route]
			s = span{Min: min(s.Min, n), Max: max(s.Max, n)}
		}
		out[route] = s
	}
	return out
}

// requests renders the counters, largest first.
func (p *phase) requests() string {
	routes := slices.Collect(maps.Keys(p.Requests))
	slices.SortFunc(routes, func(a, b string) int {
		if d := p.Requests[b].Max - p.Requests[a].Max; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, 0, len(routes))
	for _, r := range routes {
		parts = append(parts, fmt.Sprintf("%s %s", r, p.Requests[r]))
	}
	return strings.Join(parts, ", ")
}

func (p *phase) total() span {
	var t span
	for _, s := range p.Requests {
		t.Min += s.Min
		t.Max += s.Max
	}
	return t
}

// expectListing checks a list phase: every run read exactly pages pages of
// route and nothing else; the verdict also compares the provider's peak
// memory with limitMB.
func (p *phase) expectListing(route string, pages int, limitMB float64) error {
	if s := p.Requests[route]; s.Min != pages || s.Max != pages || p.total() != s {
		return fmt.Errorf("%s: requests %s, want exactly %d %s per plan", p.Name, p.requests(), pages, route)
	}
	met := "met"
	if p.ProviderPeakRSSMB >= limitMB {
		met = "**missed**"
	}
	p.Note = fmt.Sprintf("%d requests; peak RSS < %.0f MB %s", pages, limitMB, met)
	return nil
}

func (p *phase) verdict() string {
	if p.Note != "" {
		return p.Note
	}
	switch {
	case p.Target == 0 || p.Floor == 0:
		return "–"
	case p.Ratio <= p.Target:
		return fmt.Sprintf("≤ %.1f met", p.Target)
	default:
		return fmt.Sprintf("≤ %.1f **missed**", p.Target)
	}
}

func (p *phase) cpuPerResource() string {
	if p.Resources == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", p.ProviderCPUMS/float64(p.Resources))
}

// markdown renders the tables BENCHMARKS.md shows.
func (r *results) markdown() string {
	var b strings.Builder
	m, s := r.Machine, r.Settings
	fmt.Fprintf(&b, "Machine: %d CPUs (%s), %d MB, Linux %s, %s, %s.\n", m.CPUs, m.CPUModel, m.MemoryMB, m.Kernel, m.Go, m.Terraform)
	fmt.Fprintf(&b, "Settings: API latency %s per request, creation delay %s, parallelism %d, %d apply runs and %d plan runs per figure (medians), invite links %t.\n\n",
		s.Latency, s.CreateDelay, s.Parallelism, s.ApplyRuns, s.PlanRuns, s.InviteLinks)

	if st := r.Startup; st != nil {
		b.WriteString("### Startup\n\n| Measure | Median | Min | Max | Runs |\n|---|---|---|---|---|\n")
		fmt.Fprintf(&b, "| provider start to handshake | %.0f ms | | | %d |\n", st.HandshakeMedianMS, st.Runs)
		fmt.Fprintf(&b, "| provider start to GetProviderSchema answer (%d bytes) | %.0f ms | %.0f ms | %.0f ms | %d |\n",
			st.SchemaBytes, st.SchemaMedianMS, st.SchemaMinMS, st.SchemaMaxMS, st.Runs)
		if st.TerraformSchemaRun > 0 {
			fmt.Fprintf(&b, "| `terraform providers schema -json` (Terraform's own start included) | %.0f ms | | | %d |\n",
				st.TerraformSchemaMS, st.TerraformSchemaRun)
		}
		b.WriteString("\n")
	}
	if len(r.Baseline) > 0 {
		b.WriteString("### Zero-resource baseline\n\n| Command | Median | Min | Max | Runs |\n|---|---|---|---|---|\n")
		for _, p := range r.Baseline {
			fmt.Fprintf(&b, "| %s | %.2f s | %.2f s | %.2f s | %d |\n", p.Name, p.Median, p.Min, p.Max, p.Runs)
		}
		b.WriteString("\n")
	}
	phaseTable(&b, "Refresh: `terraform plan` after apply", r.Refresh)
	phaseTable(&b, "Create: `terraform apply` from an empty state", r.Create)
	phaseTable(&b, "Create at once: `terraform apply -parallelism=N` (all creates pending together)", r.AtOnce)
	phaseTable(&b, "Create in a crowded number: `terraform apply` when thousands of groups exist (every scan reads all pages)", r.Crowded)
	phaseTable(&b, "Lists: `terraform plan` reading a data source", r.Lists)
	return b.String()
}

func phaseTable(b *strings.Builder, title string, phases []*phase) {
	if len(phases) == 0 {
		return
	}
	fmt.Fprintf(b, "### %s\n\n", title)
	b.WriteString("| Phase | N | Resources | Median (min–max) | Over baseline | Floor | Ratio | Target | Requests (total) | Provider CPU, ms per resource | Terraform CPU | Provider peak RSS |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range phases {
		fmt.Fprintf(b, "| %s | %d | %d | %.2f s (%.2f–%.2f) | %.2f s | %.2f s = %s | %.2f | %s | %s (%s) | %s | %.1f s | %.1f MB |\n",
			p.Name, p.N, p.Resources, p.Median, p.Min, p.Max, p.OverBaseline, p.Floor, p.FloorRule, p.Ratio, p.verdict(),
			p.requests(), p.total(), p.cpuPerResource(), p.TerraformCPUMS/1000, p.ProviderPeakRSSMB)
	}
	b.WriteString("\n")
}
