package main

import (
	"fmt"
	"runtime"
	"time"
)

func main() {
	go func() {
		time.Sleep(10 * time.Millisecond)
		fmt.Println("the other goroutine finishes")
	}()
	defer fmt.Println("main's deferred call")
	runtime.Goexit()
}
