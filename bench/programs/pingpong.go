// Two goroutines hand a counter back and forth over unbuffered channels.
package main

import (
	"fmt"
	"runtime"
)

const roundTrips = 100000

func main() {
	runtime.GOMAXPROCS(1)
	ping := make(chan int)
	pong := make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	total := 0
	for i := 0; i < roundTrips; i++ {
		ping <- i
		total += <-pong
	}
	close(ping)
	fmt.Println(total)
}
