// container/ring: New, Len, Next/Prev/Move (negative and past the length), Link to the ring
// itself and to another, Unlink, Do, the zero Ring made a ring of one on first use, nil rings,
// composite literals, Values of several types and pointer identity.
package main

import (
	"container/ring"
	"fmt"
)

func show(label string, r *ring.Ring) {
	fmt.Printf("%s len=%d:", label, r.Len())
	r.Do(func(v any) { fmt.Print(" ", v) })
	fmt.Println()
}

func numbered(n, from int) *ring.Ring {
	r := ring.New(n)
	for i := 0; i < r.Len(); i++ {
		r.Value = from + i
		r = r.Next()
	}
	return r
}

type point struct{ x, y int }

func main() {
	r := numbered(5, 0)
	show("r", r)
	fmt.Println(r.Next().Value, r.Prev().Value, r.Move(3).Value, r.Move(-2).Value)
	fmt.Println(r.Move(5) == r, r.Move(-5) == r, r.Move(12).Value, r.Move(-13).Value, r.Move(0) == r)
	fmt.Println(r.Next().Prev() == r, r.Prev().Next() == r, r.Move(1_000_000_007).Value)

	s := numbered(3, 10)
	rest := r.Link(s)
	fmt.Println("Link returned", rest.Value)
	show("r+s", r)

	gone := r.Unlink(3)
	show("unlinked", gone)
	show("r after", r)
	fmt.Println(r.Unlink(0) == nil, r.Unlink(-2) == nil)

	// linking to an element of the same ring takes the elements between them out
	cut := r.Link(r.Move(2))
	show("cut", cut)
	show("r", r)

	// Link to itself removes nothing when the ring has one element; on a longer ring it takes
	// out everything else
	one := ring.New(1)
	one.Value = "one"
	show("self", one.Link(one))
	many := numbered(4, 20)
	others := many.Link(many)
	show("many", many)
	show("others", others)

	var zero ring.Ring
	fmt.Println(zero.Len(), zero.Next() == &zero, zero.Prev() == &zero, zero.Move(7) == &zero)
	zero.Value = point{1, 2}
	show("zero", &zero)

	lit := &ring.Ring{Value: 3.5}
	lit.Link(&ring.Ring{Value: "b"})
	show("lit", lit)
	first, last := lit, lit.Prev()
	fmt.Println(first == last, first.Next() == last, last.Value.(string))

	var none *ring.Ring
	fmt.Println(none.Len(), none == nil, ring.New(0) == nil, ring.New(-1).Len())
	none.Do(func(any) { fmt.Println("never") })
	show("none", r.Link(nil))

	sum := 0
	numbered(100, 1).Do(func(v any) { sum += v.(int) })
	fmt.Println("sum", sum)

	// Do sees the ring as it changes: its step follows the current element's link
	m := numbered(4, 0)
	m.Do(func(v any) {
		if v.(int) == 1 {
			m.Next().Unlink(1)
		}
		fmt.Print(v, " ")
	})
	fmt.Println(m.Len())

	defer func() { fmt.Println("recovered:", recover()) }()
	fmt.Println(none.Next())
}
