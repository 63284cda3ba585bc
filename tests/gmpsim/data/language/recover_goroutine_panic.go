package main

import (
	"fmt"
	"time"
)

func main() {
	go func() {
		defer fmt.Println("deferred in the goroutine")
		var a []int
		fmt.Println(a[3])
	}()
	time.Sleep(time.Second)
	fmt.Println("not reached")
}
