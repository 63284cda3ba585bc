// Elapsed virtual time measured with Now, Since, Sub and Until, and Duration's
// methods, rounded so the real program prints the same on every run.
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	deadline := start.Add(250 * time.Millisecond)
	time.Sleep(120 * time.Millisecond)
	mid := time.Now()
	elapsed := mid.Sub(start).Round(10 * time.Millisecond)
	fmt.Println("elapsed", elapsed, elapsed.Milliseconds(), elapsed.Seconds())
	fmt.Println("before deadline:", mid.Before(deadline), "after start:", mid.After(start))
	left := time.Until(deadline).Truncate(10 * time.Millisecond)
	fmt.Printf("left %v (%.2f s)\n", left, left.Seconds())
	time.Sleep(left + 20*time.Millisecond)
	fmt.Println("past deadline:", time.Now().After(deadline), time.Since(deadline).Round(10*time.Millisecond) > 0)
	var zero time.Time
	fmt.Println("zero:", zero.IsZero(), start.IsZero(), zero)
	d := 90*time.Minute + 30*time.Second + 250*time.Millisecond
	fmt.Println(d, d.Hours(), d.Minutes(), d.Round(time.Hour), d.Truncate(time.Hour), (-d).Abs())
	fmt.Println(d.Round(11*time.Millisecond), (-d).Round(11*time.Millisecond), d.Round(500*time.Millisecond), (-d).Truncate(time.Minute), d.Microseconds(), d.Nanoseconds())
}
