package main

import "fmt"

type pair struct{ a, b int }

var counter int

func slot() *int {
	fmt.Println("slot evaluated")
	return &counter
}

func main() {
	var p pair
	xs := make([]int, 3)
	m := map[string]int{}
	c := make(chan int, 3)
	quiet := make(chan int)
	for i := 0; i < 4; i++ {
		c <- 10 * i
		c <- 10*i + 1
		if i%2 == 0 {
			c <- 10*i + 2
		}
		select {
		case *slot() = <-quiet:
			fmt.Println("never")
		case p.a = <-c:
		}
		select {
		case xs[i%3] = <-c:
		case m["k"] = <-quiet:
		}
		select {
		case *slot() = <-c:
		default:
			fmt.Println("empty")
		}
	}
	fmt.Println(p, xs, m, counter)
}
