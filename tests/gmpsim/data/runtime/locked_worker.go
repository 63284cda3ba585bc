package main

import (
	"fmt"
	"runtime"
)

//go:noinline
func worker(in chan int, out chan int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for v := range in {
		out <- v * 2
	}
	close(out)
}

func main() {
	in, out := make(chan int), make(chan int)
	go worker(in, out)
	for i := 0; i < 3; i++ {
		in <- i
		fmt.Println(<-out)
	}
	close(in)
	<-out
	runtime.LockOSThread()
	runtime.GC()
	runtime.UnlockOSThread()
	fmt.Println("done")
}
