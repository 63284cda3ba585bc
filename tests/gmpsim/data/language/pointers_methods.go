package main

import "fmt"

type counter int

func (c *counter) inc() int { *c++; return int(*c) }
func (c counter) get() int  { return int(c) }

type T struct{ n int }

func (t T) show(p string) string { return fmt.Sprint(p, t.n) }
func (t *T) add(k int)            { t.n += k }

type named struct{ name string }

func (n named) String() string { return "<" + n.name + ">" }
func (n *named) rename(s string) { n.name = s }

type wrapper struct {
	named
	count counter
}

type renamer interface{ rename(string) }

func apply(f func(int), k int) { f(k) }

func main() {
	var c counter
	inc := c.inc
	inc()
	inc()
	get := c.get
	c.inc()
	fmt.Println(c, get())
	t := T{1}
	show := t.show
	add := t.add
	add(5)
	apply(t.add, 10)
	fmt.Println(show("was "), t.show("now "))
	pt := &t
	f := pt.show
	pt.n = 0
	fmt.Println(f(">"))
	done := make(chan bool)
	go func(g func(int)) { g(100); done <- true }(pt.add)
	<-done
	fmt.Println(t.n)

	w := wrapper{named: named{"a"}}
	w.rename("b")
	w.count.inc()
	fmt.Println(w, w.count)
	var r renamer = &w
	r.rename("c")
	var s interface{ String() string } = w
	fmt.Println(s, w.name)
	counters := []counter{1, 2}
	counters[1].inc()
	arr := [2]counter{}
	arr[0].inc()
	fmt.Println(counters, arr)
}
