package main

import (
	"fmt"
	"sync"
	"time"
)

var rw sync.RWMutex
var log = make(chan string, 10)

//go:noinline
func writer() {
	rw.Lock() // waits for main's read lock
	log <- "writer has the lock"
	time.Sleep(time.Millisecond)
	rw.Unlock()
}

//go:noinline
func reader() {
	rw.RLock() // a writer is waiting: this reader waits behind it
	log <- "late reader has a read lock"
	rw.RUnlock()
}

func main() {
	rw.RLock()
	go writer()
	time.Sleep(time.Millisecond)
	go reader()
	time.Sleep(time.Millisecond)
	log <- "main lets go"
	rw.RUnlock()
	time.Sleep(10 * time.Millisecond)
	rw.RLock()
	rw.RLock() // read locks nest
	rw.RUnlock()
	rw.RUnlock()
	close(log)
	for line := range log {
		fmt.Println(line)
	}
}
