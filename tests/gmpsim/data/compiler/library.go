// Small wrappers around library functions: each costs what gc charges for its callee.
package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

func label(n int) string {
	return "n=" + strconv.Itoa(n)
}

func describe(n int) string {
	return fmt.Sprintf("%d items", n)
}

func report(n int) {
	fmt.Fprintln(os.Stderr, "count", n)
}

func elapsed(start time.Time) time.Duration {
	return time.Since(start)
}

func bigger(a, b float64) float64 {
	return math.Max(a, b)
}

func root(x float64) float64 {
	return math.Sqrt(x) + 1
}

func fail(msg string) error {
	return errors.New(msg)
}

func cpus() int {
	return runtime.NumCPU() * 2
}

func has(s string) bool {
	return strings.Contains(s, "go")
}

func order(xs []int) {
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
}

func main() {
	start := time.Now()
	xs := []int{3, 1, 2}
	order(xs)
	report(len(xs))
	fmt.Println(label(1), describe(2), elapsed(start) > 0, bigger(1, 2), root(4), fail("x"), cpus() > 0, has("golang"))
}
