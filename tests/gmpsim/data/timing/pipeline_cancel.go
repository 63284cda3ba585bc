// A generator, a slow square stage and a consumer that cancels the pipeline
// through a done channel once its time budget is spent.
package main

import (
	"fmt"
	"time"
)

func generate(done <-chan struct{}) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 1; ; i++ {
			select {
			case out <- i:
			case <-done:
				fmt.Println("generator stopped")
				return
			}
		}
	}()
	return out
}

func square(done <-chan struct{}, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range in {
			time.Sleep(25 * time.Millisecond)
			select {
			case out <- v * v:
			case <-done:
				fmt.Println("square stopped")
				return
			}
		}
	}()
	return out
}

func main() {
	done := make(chan struct{})
	results := square(done, generate(done))
	budget := time.After(110 * time.Millisecond)
	sum := 0
loop:
	for {
		select {
		case v := <-results:
			sum += v
			fmt.Println("got", v)
		case <-budget:
			break loop
		}
	}
	close(done)
	time.Sleep(50 * time.Millisecond)
	fmt.Println("sum", sum)
}
