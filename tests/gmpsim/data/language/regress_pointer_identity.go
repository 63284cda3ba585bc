package main

import "fmt"

type T struct{ n int }

func fresh() *T {
	return &T{1}
}

func main() {
	x, y := fresh(), fresh()
	fmt.Println(x == y, x != y, *x == *y)
	z := x
	fmt.Println(x == z, x != z)
	var a, b interface{} = x, y
	var c interface{} = z
	fmt.Println(a == b, a == c)
	seen := map[interface{}]int{}
	seen[a]++
	seen[b]++
	seen[c]++
	fmt.Println(len(seen))
	var none *T
	fmt.Println(none == nil, x == nil)
}
