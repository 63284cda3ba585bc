// A goroutine that only computes and calls runtime.Gosched next to main, which sleeps and
// prints: with one P, main runs when its timer fires because the spinner hands the P back.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func next(x int) int {
	return x*5 + 3
}

func spin(seed int) {
	x := seed
	for {
		x = next(x) % 1000
		runtime.Gosched()
	}
}

func main() {
	go spin(1)
	for i := 1; i <= 3; i++ {
		time.Sleep(200 * time.Millisecond)
		fmt.Println("main woke up", i, "times;", runtime.NumGoroutine(), "goroutines")
	}
}
