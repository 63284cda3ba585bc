package main

import "fmt"

func keep(f func()) {}

// start's own body never yields; the function literal in it does.
func start() {
	keep(func() {
		ch := make(chan int)
		for {
			select {
			case <-ch:
				return
			default:
			}
		}
	})
}

func main() {
	start()
	fmt.Println("done")
}
