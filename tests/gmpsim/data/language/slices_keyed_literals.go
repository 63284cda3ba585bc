package main

import "fmt"

type P struct{ x int }

func main() {
	a := []int{2: 5, 7, 0: 1}
	b := [...]string{3: "c", 1: "a"}
	c := [5]P{1: {4}, 3: {x: 9}}
	d := []*P{1: {2}}
	fmt.Println(a, len(a), b, len(b), c, d[0] == nil, d[1].x)
	const k = 2
	e := [4]bool{k: true}
	fmt.Println(e)
}
