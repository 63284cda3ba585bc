package main

import "fmt"

type T struct{ a int }

func main() {
	p1, p2 := &T{1}, &T{1}
	var a, b, c interface{} = p1, p2, p1
	fmt.Println(a == b, a == c)
	m := map[interface{}]int{}
	m[p1] = 1
	m[p2] = 2
	fmt.Println(len(m), m[c])
	x, y := 1, 1
	var d, e interface{} = &x, &y
	fmt.Println(d == e, d == interface{}(&x))
}
