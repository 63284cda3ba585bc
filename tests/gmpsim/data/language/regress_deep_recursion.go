package main

import "fmt"

var results = make(chan int)

func total(t [4]int) int {
	s := 0
	for _, v := range t {
		s += v
	}
	return s
}

// recur goes 3000 calls deep, each level running a goroutine and a deferred call.
func recur(n int, t [4]int) int {
	if n == 0 {
		return 0
	}
	go func() { results <- total(t) }()
	got := <-results
	defer func() { t[0]++ }()
	return got + recur(n-1, t)
}

func depth(n int) int {
	if n == 0 {
		return 0
	}
	return 1 + depth(n-1)
}

func main() {
	fmt.Println(recur(3000, [4]int{1, 1, 1, 1}))
	fmt.Println(depth(150000))
}
