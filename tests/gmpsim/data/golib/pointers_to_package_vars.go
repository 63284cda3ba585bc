package main

import "fmt"

var g, h int

type S struct{ n int }

func main() {
	p := &g
	q := &g
	r := &h
	var z *int
	fmt.Println(p == q, p == r, z == nil, p != nil)
	s := &S{}
	ps := &s.n
	*ps = 4
	*ps += 2
	*ps++
	fmt.Println(s.n, *p, *r)
}
