// Case 2: with a single P, a spinning goroutine with no preemption point
// starves main unless the runtime can preempt it asynchronously.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func deadloop() {
	for {
	}
}

func main() {
	runtime.GOMAXPROCS(1)
	go deadloop()
	for {
		time.Sleep(time.Second * 1)
		fmt.Println("I got scheduled!")
	}
}
