// Struct values copy on assignment, pointers share; embedded fields are promoted; nil deref panics.
package main

import "fmt"

type Celsius float64

type Point struct {
	X, Y int
}

type Named struct {
	Point
	Name string
	Tags []string
}

type Node struct {
	Val  int
	Next *Node
}

func move(p Point) Point {
	p.X += 10
	return p
}

func shift(p *Point) {
	p.Y *= 2
}

func main() {
	c := Celsius(21.5)
	fmt.Println(c, c*2)
	p := Point{1, 2}
	q := p
	q.X = 100
	fmt.Println(p, q, move(p), p.X+q.Y)
	shift(&p)
	fmt.Println(p)
	pp := &Point{Y: 7}
	pp.X++
	r := *pp
	r.Y = 0
	fmt.Println(*pp, r, pp.X)
	n := Named{Point{3, 4}, "a", nil}
	n.X = 30
	n.Tags = append(n.Tags, "t")
	fmt.Println(n, n.Point.Y, n.Name)
	var head *Node
	for i := 0; i < 3; i++ {
		head = &Node{i, head}
	}
	for x := head; x != nil; x = x.Next {
		fmt.Println(x.Val)
	}
	ps := []Point{{1, 1}, {2, 2}}
	ps[0].X = 9
	for _, v := range ps {
		v.Y = 50
	}
	m := map[string]Point{"a": {5, 6}}
	fmt.Println(ps, m["a"].X, len(m))
	var nilp *Node
	fmt.Println(nilp == nil)
	fmt.Println(nilp.Val)
}
