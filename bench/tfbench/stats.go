package main

import (
	"math"
	"slices"
	"time"
)

// sample is the set of durations one measurement was repeated for.
type sample []time.Duration

// median is the middle value (the mean of the two middle values for an even
// count): unlike the mean, one run slowed by a noisy neighbour does not move it.
func (s sample) median() time.Duration {
	if len(s) == 0 {
		return 0
	}
	sorted := slices.Clone(s)
	slices.Sort(sorted)
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[mid]
	}
	return (sorted[mid-1] + sorted[mid]) / 2
}

func (s sample) min() time.Duration {
	if len(s) == 0 {
		return 0
	}
	return slices.Min(s)
}

func (s sample) max() time.Duration {
	if len(s) == 0 {
		return 0
	}
	return slices.Max(s)
}

// batches is how many rounds N operations take when at most p run at once.
func batches(n, p int) int {
	if p <= 0 {
		p = 1
	}
	return (n + p - 1) / p
}

// ratio is measured/floor, rounded to two decimals (0 without a floor).
func ratio(measured, floor time.Duration) float64 {
	if floor <= 0 {
		return 0
	}
	return math.Round(float64(measured)/float64(floor)*100) / 100
}

// seconds formats a duration as seconds with two decimals.
func seconds(d time.Duration) float64 {
	return math.Round(d.Seconds()*100) / 100
}
