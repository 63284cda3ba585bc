package main

import "fmt"

type C int
type L []C
type M map[string]C
type F func(int) int
type Names []string

func main() {
	l := L{1, 2}
	m := M{"a": 1}
	var f F
	fmt.Printf("%T %T %T %T %T\n", l, m, f, []C{3}, Names{"x"})
	fmt.Println(l, m, []C{3}, Names{"x"}, len(l))
	fmt.Printf("%v %d %v\n", l, l, m)
	var x interface{} = l
	fmt.Printf("%T %v\n", x, x)
}
