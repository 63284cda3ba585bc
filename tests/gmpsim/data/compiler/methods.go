// Methods, switches, loops and strings: what an ordinary program's functions look like.
package main

import "fmt"

type point struct {
	x, y int
}

func (p point) sum() int {
	return p.x + p.y
}

func (p *point) move(dx int) {
	p.x += dx
}

func classify(n int) string {
	switch {
	case n < 0:
		return "negative"
	case n == 0:
		return "zero"
	default:
		return "positive"
	}
}

func total(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func count(n int) int {
	c := 0
	for i := 0; i < n; i++ {
		if i%3 == 0 {
			c++
		}
	}
	return c
}

func greet(name string) string {
	return "hello, " + name + "!"
}

func main() {
	p := point{1, 2}
	p.move(3)
	fmt.Println(p.sum(), classify(p.sum()), total([]int{1, 2, 3}), count(10), greet("go"))
}
