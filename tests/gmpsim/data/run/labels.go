// Labelled break and continue across loops, select and switch; a one-case select is a plain receive.
package main

import "fmt"

func main() {
	ch := make(chan int, 10)
	for i := 0; i < 10; i++ {
		ch <- i
	}
outer:
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if j == 2 {
				continue outer
			}
			if i == 3 {
				break outer
			}
			fmt.Println(i, j)
		}
	}
loop:
	for {
		select {
		case v := <-ch:
			switch {
			case v%2 == 0:
				continue loop
			case v > 6:
				break loop
			}
			fmt.Println("odd", v)
		default:
			break loop
		}
	}
	for i := 0; i < 3; i++ {
		select {
		case v := <-ch:
			if v == 9 {
				continue
			}
			fmt.Println("got", v)
		}
	}
	fmt.Println("done", len(ch))
}
