package main

import "fmt"

type counter int

func (c *counter) inc() { *c++ }

func (c counter) get() int { return int(c) }

type pair struct {
	a int
	s string
}

var global = 10

func bump(p *int) { *p += 1 }

func main() {
	x := 1
	p := &x
	*p = 2
	fmt.Println(x, *p)
	*p += 5
	x++
	fmt.Println(x, *p, p == &x)

	q := new(int)
	fmt.Println(*q, q == p, q != nil)
	*q = 7
	r := q
	*r++
	fmt.Println(*q)

	s := "hi"
	ps := &s
	*ps += " there"
	fmt.Println(s)

	b := false
	pb := &b
	*pb = !*pb
	fmt.Println(b)

	f := 1.5
	pf := &f
	*pf *= 2
	fmt.Println(f)

	gp := &global
	bump(gp)
	bump(&global)
	fmt.Println(global)

	var c counter
	c.inc()
	c.inc()
	pc := &c
	pc.inc()
	fmt.Println(c, c.get(), pc.get())

	var np *int
	fmt.Println(np == nil, np)

	pp := &p
	**pp = 42
	fmt.Println(x, *pp == p)

	sl := []int{1, 2}
	psl := &sl
	*psl = append(*psl, 3)
	fmt.Println(sl, len(*psl))

	m := map[string]int{}
	pm := &m
	(*pm)["k"] = 1
	fmt.Println(m)

	var e error
	pe := &e
	fmt.Println(*pe == nil)

	ch := make(chan int, 1)
	pch := &ch
	*pch <- 3
	fmt.Println(<-ch)

	fn := func() int { return 9 }
	pfn := &fn
	fmt.Println((*pfn)())

	var i interface{} = 5
	pi := &i
	*pi = "five"
	fmt.Println(i)

	pr := &pair{1, "x"}
	pa := &pr.a
	*pa = 3
	psf := &pr.s
	*psf = "y"
	fmt.Println(*pr, pa == &pr.a)
}
