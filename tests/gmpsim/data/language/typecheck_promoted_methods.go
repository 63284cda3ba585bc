// A struct's method set includes the methods promoted from its embedded fields, so it
// implements interfaces through them; methods on *E come only where E's address is known.

package main

import "fmt"

type Getter interface{ Get() int }

type Setter interface{ Set(int) }

type Count int

func (c Count) Get() int { return int(c) }

type Box struct{ n int }

func (b Box) Get() int { return b.n }

func (b *Box) Set(n int) { b.n = n }

type ByValue struct{ Box }

type ByPointer struct{ *Box }

type Wrapped struct {
	ByValue
	label string
}

type Counted struct{ Count }

func main() {
	var g Getter = Counted{Count(4)}
	fmt.Println(g.Get())
	v := ByValue{Box{1}}
	g = v
	fmt.Println(g.Get())
	var s Setter = &v
	s.Set(5)
	fmt.Println(v.Get(), g.Get())
	p := ByPointer{&Box{2}}
	s = p
	s.Set(7)
	g = p
	fmt.Println(g.Get(), p.n)
	w := Wrapped{ByValue{Box{3}}, "w"}
	g = w
	s = &w
	s.Set(8)
	fmt.Println(g.Get(), w.Get())
	_, isSetter := interface{}(v).(Setter)
	_, ptrIsSetter := interface{}(&v).(Setter)
	fmt.Println(isSetter, ptrIsSetter)
}
