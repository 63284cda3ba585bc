// container/heap: the order of the Less, Swap, Push and Pop calls Init, Push, Pop, Fix and
// Remove make (every method prints), and a priority queue of structs that keep their index.
package main

import (
	"container/heap"
	"fmt"
)

type traced []int

func (h traced) Len() int { return len(h) }

func (h traced) Less(i, j int) bool {
	fmt.Printf("Less(%d,%d) ", i, j)
	return h[i] < h[j]
}

func (h traced) Swap(i, j int) {
	fmt.Printf("Swap(%d,%d) ", i, j)
	h[i], h[j] = h[j], h[i]
}

func (h *traced) Push(x any) {
	fmt.Printf("Push(%v) ", x)
	*h = append(*h, x.(int))
}

func (h *traced) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[:n-1]
	fmt.Printf("Pop()=%d ", x)
	return x
}

type item struct {
	name     string
	priority int
	index    int
}

type queue []*item

func (q queue) Len() int { return len(q) }

// the highest priority first; equal ones by name
func (q queue) Less(i, j int) bool {
	if q[i].priority != q[j].priority {
		return q[i].priority > q[j].priority
	}
	return q[i].name < q[j].name
}

func (q queue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index = i
	q[j].index = j
}

func (q *queue) Push(x any) {
	it := x.(*item)
	it.index = len(*q)
	*q = append(*q, it)
}

func (q *queue) Pop() any {
	old := *q
	n := len(old)
	it := old[n-1]
	old[n-1] = nil
	it.index = -1
	*q = old[:n-1]
	return it
}

func main() {
	h := &traced{9, 4, 7, 1, 8, 2, 6, 3, 5, 0}
	fmt.Print("Init: ")
	heap.Init(h)
	fmt.Println("\n", *h)
	for _, x := range []int{-1, 10, 4} {
		fmt.Printf("Push %d: ", x)
		heap.Push(h, x)
		fmt.Println()
	}
	fmt.Println(*h)
	fmt.Print("Pop: ")
	fmt.Println("->", heap.Pop(h))
	(*h)[5] = -5
	fmt.Print("Fix(5) down: ")
	heap.Fix(h, 5)
	fmt.Println()
	(*h)[0] = 100
	fmt.Print("Fix(0) up: ")
	heap.Fix(h, 0)
	fmt.Println()
	fmt.Print("Remove(3): ")
	fmt.Println("->", heap.Remove(h, 3))
	fmt.Print("Remove(last): ")
	fmt.Println("->", heap.Remove(h, h.Len()-1))
	fmt.Println(*h)
	var sorted []int
	for h.Len() > 0 {
		sorted = append(sorted, heap.Pop(h).(int))
		fmt.Println()
	}
	fmt.Println(sorted)

	var one traced
	fmt.Print("Init empty: ")
	heap.Init(&one)
	fmt.Print("Push into empty: ")
	heap.Push(&one, 3)
	fmt.Println("Pop last:", heap.Pop(&one), len(one))

	q := queue{}
	byName := map[string]*item{}
	for i, name := range []string{"write", "test", "review", "merge", "deploy"} {
		it := &item{name: name, priority: (i * 7) % 5}
		byName[name] = it
		heap.Push(&q, it)
	}
	for _, it := range q {
		fmt.Printf("%s:%d@%d ", it.name, it.priority, it.index)
	}
	fmt.Println()
	byName["merge"].priority = 9
	heap.Fix(&q, byName["merge"].index)
	removed := heap.Remove(&q, byName["test"].index).(*item)
	fmt.Println("removed", removed.name, removed.index)
	for q.Len() > 0 {
		it := heap.Pop(&q).(*item)
		fmt.Printf("%s:%d ", it.name, it.priority)
	}
	fmt.Println()

	var nothing heap.Interface
	defer func() { fmt.Println("recovered:", recover()) }()
	heap.Init(nothing)
}
