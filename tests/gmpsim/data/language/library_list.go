// container/list: New and the zero List, Push/Insert/Move/Remove and their refusals of elements
// of another list, Front/Back/Next/Prev walks, Init, PushBackList of a list onto itself,
// Values of several types, and nil dereferences.
package main

import (
	"container/list"
	"fmt"
)

func show(label string, l *list.List) {
	fmt.Printf("%s len=%d:", label, l.Len())
	for e := l.Front(); e != nil; e = e.Next() {
		fmt.Print(" ", e.Value)
	}
	fmt.Print(" |")
	for e := l.Back(); e != nil; e = e.Prev() {
		fmt.Print(" ", e.Value)
	}
	fmt.Println()
}

func main() {
	l := list.New()
	show("new", l)
	fmt.Println(l.Front() == nil, l.Back() == nil)
	e4 := l.PushBack(4)
	e1 := l.PushFront(1)
	l.InsertBefore(3, e4)
	l.InsertAfter(2, e1)
	l.PushBack("five")
	show("l", l)
	fmt.Println(e1.Prev() == nil, e1.Next().Value, l.Back().Value, l.Front() == e1)

	l.MoveToBack(e1)
	show("1 to back", l)
	l.MoveToFront(e1)
	l.MoveToFront(e1)
	show("1 to front", l)
	l.MoveAfter(e1, e4)
	show("1 after 4", l)
	l.MoveBefore(e4, l.Front())
	show("4 first", l)
	l.MoveBefore(e4, e4)
	l.MoveToBack(l.Back())

	fmt.Println("removed", l.Remove(e4), e4.Next() == nil, e4.Prev() == nil)
	fmt.Println("again", l.Remove(e4))
	show("l", l)

	var other list.List
	x := other.PushBack(point{1, 2})
	fmt.Println(l.InsertBefore(0, x) == nil, l.InsertAfter(0, x) == nil, l.Remove(x))
	l.MoveToFront(x)
	l.MoveAfter(l.Front(), x)
	show("l", l)
	show("other", &other)

	l.PushBackList(l)
	show("doubled", l)
	l.PushFrontList(&other)
	show("front list", l)
	var empty list.List
	l.PushBackList(&empty)
	empty.PushFrontList(l)
	show("copy", &empty)

	front := l.Front()
	l.Init()
	show("init", l)
	fmt.Println(front.Value, front.Next() != nil)

	sum := 0
	for i := 1; i <= 10; i++ {
		l.PushBack(i)
	}
	for e := l.Front(); e != nil; {
		next := e.Next()
		if e.Value.(int)%2 == 0 {
			sum += l.Remove(e).(int)
		}
		e = next
	}
	show("odd", l)
	fmt.Println("sum", sum)

	lit := &list.Element{Value: "alone"}
	fmt.Println(lit.Next() == nil, l.Remove(lit))

	defer func() { fmt.Println("recovered:", recover()) }()
	var none *list.List
	fmt.Println(none.Len())
}

type point struct{ x, y int }
