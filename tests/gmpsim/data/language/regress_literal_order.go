package main

import "fmt"

type S struct {
	a, b, c int
}

var calls []string

func v(name string, n int) int {
	calls = append(calls, name)
	return n
}

func main() {
	s := S{
		c: v("c", 3),
		a: v("a", 1),
		b: v("b", 2),
	}
	fmt.Println(s, calls)
	calls = nil
	t := S{b: v("b", 2), c: v("c", 3)}
	fmt.Println(t, calls)
	calls = nil
	m := map[string]S{"x": {c: v("x.c", 1), a: v("x.a", 2)}}
	fmt.Println(m, calls)
}
