package main

import "fmt"

type ints []int
type index map[string]int

func main() {
	s := make(ints, 2, 4)
	m := make(index)
	m["a"] = 1
	type local []string
	l := make(local, 1)
	fmt.Println(s, cap(s), m, l, len(l))
}
