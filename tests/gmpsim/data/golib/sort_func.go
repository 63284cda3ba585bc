package main

import (
	"fmt"
	"sort"
)

type Person struct {
	Name string
	Age  int
}

type ByAge []Person

func (a ByAge) Len() int           { return len(a) }
func (a ByAge) Swap(i, j int)      { a[i], a[j] = a[j], a[i] }
func (a ByAge) Less(i, j int) bool { return a[i].Age < a[j].Age }

func main() {
	people := []Person{Person{"Alice", 30}, Person{"Bob", 25}, Person{"Carol", 35}, Person{"Dan", 25}, Person{"Eve", 30}, Person{"Fay", 20}}
	sort.SliceStable(people, func(i, j int) bool { return people[i].Age < people[j].Age })
	fmt.Println(people)
	xs := []int{5, 2, 8, 1, 9, 3, 7, 3}
	sort.Slice(xs, func(i, j int) bool { return xs[i] > xs[j] })
	fmt.Println(xs)
	p2 := ByAge{Person{"A", 3}, Person{"B", 1}, Person{"C", 2}, Person{"D", 5}, Person{"E", 4}}
	sort.Sort(p2)
	fmt.Println(p2)
	p3 := ByAge{Person{"A", 3}, Person{"B", 1}, Person{"C", 3}, Person{"D", 1}}
	sort.Stable(p3)
	fmt.Println(p3)
	var none []int
	sort.Slice(none, func(i, j int) bool { return false })
	fmt.Println(none == nil)
}
