// A ticker drives a counter until a timer stops it; the ticks seen and the
// elapsed time, rounded to the tick period, do not depend on the machine.
package main

import (
	"fmt"
	"time"
)

func main() {
	ticker := time.NewTicker(50 * time.Millisecond)
	stop := time.NewTimer(275 * time.Millisecond)
	start := time.Now()
	ticks := 0
	for {
		select {
		case <-ticker.C:
			ticks++
			fmt.Println("tick", ticks, "at", time.Since(start).Round(50*time.Millisecond))
		case <-stop.C:
			ticker.Stop()
			fmt.Println("stopped after", ticks, "ticks")
			if !stop.Stop() {
				fmt.Println("the timer had already fired")
			}
			return
		}
	}
}
