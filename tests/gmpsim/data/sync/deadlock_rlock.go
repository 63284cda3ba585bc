package main

import (
	"fmt"
	"sync"
)

func main() {
	var rw sync.RWMutex
	fmt.Println("locking")
	fmt.Println("twice")
	rw.Lock()
	rw.RLock()
}
