package main

import "runtime"

func main() {
	runtime.LockOSThread()
	c := make(chan int)
	go func() { runtime.LockOSThread(); c <- 1; <-c }()
	<-c
	<-c
}
