// container/list's functions and methods from the user's package: which wrappers gc inlines
// depends on each callee's cost, and a wrapper of a method that only touches fields stays a leaf.
package main

import (
	"container/list"
	"fmt"
)

func newList() *list.List                  { return list.New() }
func reset(l *list.List) *list.List        { return l.Init() }
func size(l *list.List) int                { return l.Len() }
func first(l *list.List) *list.Element     { return l.Front() }
func last(l *list.List) *list.Element      { return l.Back() }
func drop(l *list.List, e *list.Element) any { return l.Remove(e) }
func prepend(l *list.List, v int) *list.Element { return l.PushFront(v) }
func appendTo(l *list.List, v int) *list.Element { return l.PushBack(v) }
func before(l *list.List, e *list.Element) *list.Element { return l.InsertBefore(0, e) }
func after(l *list.List, e *list.Element) *list.Element  { return l.InsertAfter(0, e) }
func toFront(l *list.List, e *list.Element) { l.MoveToFront(e) }
func toBack(l *list.List, e *list.Element)  { l.MoveToBack(e) }
func moveBefore(l *list.List, e, m *list.Element) { l.MoveBefore(e, m) }
func moveAfter(l *list.List, e, m *list.Element)  { l.MoveAfter(e, m) }
func extend(l, m *list.List)    { l.PushBackList(m) }
func extendFront(l, m *list.List) { l.PushFrontList(m) }
func next(e *list.Element) *list.Element { return e.Next() }
func prev(e *list.Element) *list.Element { return e.Prev() }
func value(e *list.Element) any  { return e.Value }

// two dear calls do not fit the budget
func pushTwo(l *list.List) {
	l.PushBack(1)
	l.PushBack(2)
}

func main() {
	l := newList()
	appendTo(l, 1)
	prepend(l, 0)
	e := first(l)
	before(l, e)
	after(l, e)
	toBack(l, e)
	toFront(l, e)
	moveBefore(l, last(l), e)
	moveAfter(l, e, last(l))
	m := reset(list.New())
	extend(m, l)
	extendFront(m, l)
	pushTwo(m)
	fmt.Println(size(l), size(m), value(e), next(e) == nil, prev(e) == nil, drop(l, e))
}
