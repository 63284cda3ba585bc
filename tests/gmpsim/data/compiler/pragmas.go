// //go:nosplit and //go:noinline on small functions.
package main

import "fmt"

//go:nosplit
func fast(a, b int) int {
	return a*b + a
}

//go:noinline
func slow(a, b int) int {
	return a*b + b
}

//go:nosplit
//go:noinline
func both(a int) int {
	return fast(a, a) + slow(a, a)
}

func caller(a int) int {
	return both(a) + fast(a, 1)
}

func main() {
	fmt.Println(caller(2))
}
