package main

import "fmt"

type point struct{ x, y int }

type box struct {
	p    point
	arr  [2]int
	next *box
}

type grid [2][2]int

func (g *grid) set(i, j, v int) { g[i][j] = v }

func fill(a *[3]int) {
	for i := range a {
		a[i] = i * 10
	}
}

func main() {
	var a [3]int
	fill(&a)
	pa := &a
	fmt.Println(a, len(pa), cap(pa), pa[1])
	for i, v := range pa {
		pa[i] = v + 1
	}
	fmt.Println(a, *pa)
	s := pa[1:]
	s[0] = 99
	fmt.Println(a)

	pe := &a[2]
	*pe = 5
	a[2]++
	fmt.Println(a[2], *pe)

	sl := []int{1, 2, 3}
	p1 := &sl[1]
	*p1 = 20
	fmt.Println(sl, p1 == &sl[1], p1 == &sl[0])

	pts := make([]point, 3)
	pts[0].x = 1
	pp := &pts[1]
	pp.y = 2
	pts[1] = point{7, 8}
	fmt.Println(pts, *pp)

	var b box
	bp := &b.p
	b.p = point{3, 4}
	fmt.Println(*bp)
	ba := &b.arr
	ba[1] = 6
	c := b
	c.arr[0] = 100
	fmt.Println(b.arr, c.arr)

	var pt point
	q := &pt
	pt = point{5, 6}
	fmt.Println(q.x, *q)
	*q = point{9, 9}
	fmt.Println(pt)

	np := new([2]string)
	np[0] = "a"
	fmt.Println(*np, len(np))

	var g grid
	g.set(1, 0, 4)
	fmt.Println(g)

	arrp := &[2]int{1, 2}
	fmt.Println(*arrp)

	nodes := &box{next: &box{}}
	nodes.next.arr[1] = 3
	fmt.Println(nodes.next.arr, nodes.next.next == nil)

	ptrs := [2]*point{&point{1, 1}, {2, 2}}
	cp := ptrs
	cp[0].x = 50
	fmt.Println(ptrs[0].x, ptrs[1].y)

	var nilarr *[4]int
	fmt.Println(len(nilarr))
	for i := range nilarr {
		_ = i
	}
}
