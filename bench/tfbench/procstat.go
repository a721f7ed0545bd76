package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The provider runs as a child of Terraform, which reaps it before it
// returns, so its resource usage cannot be read after the fact. A sampler
// reads /proc while Terraform runs: VmHWM is the kernel's high-water mark of
// the resident set, so any reading taken after the peak reports the peak;
// CPU time is read from /proc/<pid>/stat and is exact up to the last sample
// before the process exits (the sampling interval, 20 ms).

const sampleInterval = 20 * time.Millisecond

// clockTicks is USER_HZ, the unit of the CPU times in /proc/<pid>/stat; it
// is 100 on every Linux architecture Go supports.
const clockTicks = 100

// procUsage is what was observed of the processes running one binary.
type procUsage struct {
	Processes int           // distinct processes seen
	PeakRSSKB int64         // largest VmHWM of any of them
	CPU       time.Duration // user+system time, summed over them
}

// sampler watches every process whose executable is binary.
type sampler struct {
	binary string
	stop   chan struct{}
	done   chan struct{}

	mu   sync.Mutex
	seen map[int]procReading
}

type procReading struct {
	hwmKB int64
	cpu   time.Duration
}

func startSampler(binary string) *sampler {
	s := &sampler{binary: binary, stop: make(chan struct{}), done: make(chan struct{}), seen: map[int]procReading{}}
	go s.loop()
	return s
}

func (s *sampler) loop() {
	defer close(s.done)
	t := time.NewTicker(sampleInterval)
	defer t.Stop()
	for {
		s.sampleOnce()
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
	}
}

func (s *sampler) sampleOnce() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		dir := filepath.Join("/proc", e.Name())
		if exe, err := os.Readlink(filepath.Join(dir, "exe")); err != nil || exe != s.binary {
			continue
		}
		r, ok := readProc(dir)
		if !ok {
			continue
		}
		s.mu.Lock()
		prev := s.seen[pid]
		s.seen[pid] = procReading{hwmKB: max(prev.hwmKB, r.hwmKB), cpu: max(prev.cpu, r.cpu)}
		s.mu.Unlock()
	}
}

// finish stops sampling and sums up.
func (s *sampler) finish() procUsage {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	var u procUsage
	for _, r := range s.seen {
		u.Processes++
		u.PeakRSSKB = max(u.PeakRSSKB, r.hwmKB)
		u.CPU += r.cpu
	}
	return u
}

func readProc(dir string) (procReading, bool) {
	status, err := os.ReadFile(filepath.Join(dir, "status"))
	if err != nil {
		return procReading{}, false
	}
	stat, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return procReading{}, false
	}
	hwm, ok1 := parseVmHWM(status)
	cpu, ok2 := parseStatCPU(stat)
	return procReading{hwmKB: hwm, cpu: cpu}, ok1 && ok2
}

// parseVmHWM reads "VmHWM:   12345 kB" from /proc/<pid>/status.
func parseVmHWM(status []byte) (int64, bool) {
	for line := range bytes.SplitSeq(status, []byte("\n")) {
		rest, ok := bytes.CutPrefix(line, []byte("VmHWM:"))
		if !ok {
			continue
		}
		fields := strings.Fields(string(rest))
		if len(fields) == 0 {
			return 0, false
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		return kb, err == nil
	}
	return 0, false
}

// parseStatCPU reads utime+stime from /proc/<pid>/stat. The command name
// (field 2) may contain spaces and parentheses, so fields are counted from
// the last ')'.
func parseStatCPU(stat []byte) (time.Duration, bool) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	fields := strings.Fields(string(stat[i+1:]))
	// After the name: state(3) ppid(4) ... utime(14) stime(15).
	const utime, stime = 14 - 3, 15 - 3
	if len(fields) <= stime {
		return 0, false
	}
	u, err1 := strconv.ParseInt(fields[utime], 10, 64)
	s, err2 := strconv.ParseInt(fields[stime], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(u+s) * time.Second / clockTicks, true
}
