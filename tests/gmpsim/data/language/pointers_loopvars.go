package main

import "fmt"

type P struct{ n int }

func main() {
	var ps []*[1]int
	for a := [1]int{0}; a[0] < 3; a[0]++ {
		ps = append(ps, &a)
	}
	fmt.Println(*ps[0], *ps[1], *ps[2])
	var qs []*P
	for p := (P{}); p.n < 2; p.n++ {
		qs = append(qs, &p)
	}
	fmt.Println(qs[0].n, qs[1].n, qs[0] == qs[1])
	var fs []func() int
	for i := 0; i < 3; i++ {
		q := &i
		fs = append(fs, func() int { *q += 10; return i })
	}
	fmt.Println(fs[0](), fs[1](), fs[2]())
}
