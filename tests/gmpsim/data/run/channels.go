// Channels, select and closures at GOMAXPROCS=1: the order Go's scheduler gives.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func producer(id int, out chan<- int, n int) {
	for i := 0; i < n; i++ {
		out <- id*100 + i
	}
}

func main() {
	runtime.GOMAXPROCS(1)
	ch := make(chan int)
	done := make(chan bool, 1)
	go producer(1, ch, 3)
	go producer(2, ch, 3)
	for i := 0; i < 6; i++ {
		fmt.Println("got", <-ch)
	}
	results := make(chan string, 3)
	for i := 0; i < 3; i++ {
		go func(n int) {
			results <- fmt.Sprint("closure ", n)
		}(i)
	}
	for i := 0; i < 3; i++ {
		fmt.Println(<-results)
	}
	counter := 0
	go func() {
		for v := range ch {
			counter += v
		}
		done <- true
	}()
	for i := 1; i <= 4; i++ {
		ch <- i
	}
	close(ch)
	<-done
	fmt.Println("sum", counter, len(results), cap(results))
	v, ok := <-ch
	fmt.Println(v, ok)
	empty := make(chan int)
	select {
	case v := <-empty:
		fmt.Println("unexpected", v)
	default:
		fmt.Println("nothing ready")
	}
	timeout := make(chan bool)
	never := make(chan int)
	go func() {
		time.Sleep(5 * time.Millisecond)
		timeout <- true
	}()
	for i := 0; i < 3; i++ {
		select {
		case <-never:
			fmt.Println("never")
		case ok := <-timeout:
			fmt.Println("timeout", ok)
			go func() { timeout <- false }()
			if i == 1 {
				continue
			}
			fmt.Println("after select", i)
		}
	}
}
