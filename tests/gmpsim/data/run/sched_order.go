// With one P, goroutines run in the order the scheduler picks them: runnext first,
// then the local queue; Gosched sends main to the global queue.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func worker(id int) {
	fmt.Println("worker", id)
}

func main() {
	runtime.GOMAXPROCS(1)
	for i := 0; i < 4; i++ {
		go worker(i)
	}
	fmt.Println("goroutines:", runtime.NumGoroutine())
	runtime.Gosched()
	fmt.Println("main after Gosched")
	time.Sleep(20 * time.Millisecond)
	fmt.Println("goroutines:", runtime.NumGoroutine())
}
