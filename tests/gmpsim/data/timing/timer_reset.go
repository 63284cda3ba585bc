// A debouncer: every event pushes the timer back; it fires only after a quiet
// period, so bursts collapse into one flush.
package main

import (
	"fmt"
	"time"
)

func main() {
	events := make(chan string)
	go func() {
		bursts := [][]string{{"a", "b", "c"}, {"d"}, {"e", "f"}}
		for _, burst := range bursts {
			for _, e := range burst {
				events <- e
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(150 * time.Millisecond)
		}
		close(events)
	}()

	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	var pending []string
	for {
		select {
		case e, ok := <-events:
			if !ok {
				fmt.Println("closed with", len(pending), "pending")
				return
			}
			pending = append(pending, e)
			if !quiet.Stop() {
				select {
				case <-quiet.C:
				default:
				}
			}
			quiet.Reset(60 * time.Millisecond)
		case <-quiet.C:
			fmt.Println("flush", pending)
			pending = pending[:0]
		}
	}
}
