// Three goroutines pass a token around a ring of unbuffered channels while a fourth sleeps
// and wakes, so that its timer falls between the relay's goroutine switches.
package main

import (
	"fmt"
	"time"
)

const laps = 3000

func relay(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v + 1
	}
	close(out)
}

func main() {
	a, b, c := make(chan int), make(chan int), make(chan int)
	go relay(a, b)
	go relay(b, c)
	naps := 0
	go func() {
		for {
			time.Sleep(50 * time.Microsecond)
			naps++
		}
	}()
	total := 0
	for i := 0; i < laps; i++ {
		a <- i
		total += <-c
	}
	close(a)
	for range c {
	}
	fmt.Println(total, naps > 0)
}
