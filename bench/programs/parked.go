// 100000 goroutines parked on one channel.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func main() {
	ch := make(chan int)
	for i := 0; i < 100000; i++ {
		go func() {
			<-ch
		}()
	}
	time.Sleep(time.Second)
	fmt.Println(runtime.NumGoroutine())
}
