package main

import (
	"fmt"
	"runtime"
	"sync"
)

var rw sync.RWMutex
var wg sync.WaitGroup
var log = make(chan string, 10)

//go:noinline
func writer() {
	defer wg.Done()
	rw.Lock() // waits for main's read lock
	log <- "writer has the lock"
	runtime.Gosched()
	rw.Unlock()
}

//go:noinline
func reader() {
	defer wg.Done()
	rw.RLock() // a writer is waiting: this reader waits behind it
	log <- "late reader has a read lock"
	rw.RUnlock()
}

func main() {
	wg.Add(2)
	rw.RLock()
	go writer()
	runtime.Gosched()
	go reader()
	runtime.Gosched()
	log <- "main lets go"
	rw.RUnlock()
	wg.Wait()
	rw.RLock()
	rw.RLock() // read locks nest
	rw.RUnlock()
	rw.RUnlock()
	close(log)
	for line := range log {
		fmt.Println(line)
	}
}
