// Declared functions used as values keep their results: passed as arguments, stored in
// package variables and slices, returned from other functions.
package main

import "fmt"

func apply(f func(int, int) int, a, b int) int {
	return f(a, b)
}

func add(x, y int) int { return x + y }

func mul(x, y int) int { return x * y }

var op func(int, int) int

func pick(name string) func(int, int) int {
	if name == "add" {
		return add
	}
	return mul
}

func main() {
	fmt.Println(apply(add, 1, 2))
	op = mul
	fmt.Println(apply(op, 3, 4))
	ops := []func(int, int) int{add, mul, pick("add")}
	for i, f := range ops {
		fmt.Println(i, f(5, 6))
	}
	println(pick("mul")(7, 8))
}
