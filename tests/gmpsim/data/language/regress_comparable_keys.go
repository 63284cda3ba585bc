package main

import (
	"fmt"
	"sort"
)

type Point struct{ X, Y int }

// Blank fields take no part in == or in map keys.
type Padded struct {
	_ int
	X interface{}
	_ string
	Y float64
}

type Grid struct {
	Cells [2]int
	Name  string
}

func main() {
	seen := map[Point]int{}
	seen[Point{1, 2}]++
	seen[Point{1, 2}]++
	seen[Point{2, 1}]++
	fmt.Println(len(seen), seen[Point{1, 2}], seen[Point{2, 1}], seen[Point{3, 3}])

	m := map[Padded]int{}
	m[Padded{X: 1, Y: 2}] = 1
	m[Padded{X: 2, Y: 3}] = 2
	m[Padded{X: 1, Y: 2}] = 3
	fmt.Println(len(m), m[Padded{X: 1, Y: 2}])

	arrays := map[[3]string]bool{}
	arrays[[3]string{"a", "b", "c"}] = true
	k := [3]string{"a", "b", "c"}
	_, ok := arrays[k]
	k[0] = "z"
	_, changed := arrays[k]
	fmt.Println(len(arrays), ok, changed)

	// a range key is a copy: changing it leaves the map alone
	for p := range seen {
		p.X = 100
	}
	_, still := seen[Point{1, 2}]
	fmt.Println(still)

	// a struct holding an array is copied with its array
	g := Grid{[2]int{1, 2}, "g"}
	h := g
	h.Cells[0] = 9
	fmt.Println(g, h, g == h, g != h)
	h.Cells[0] = 1
	fmt.Println(g == h)

	var keys []string
	byGrid := map[Grid]int{g: 1, {[2]int{3, 4}, "x"}: 2}
	for key, v := range byGrid {
		keys = append(keys, fmt.Sprint(key, v))
	}
	sort.Strings(keys)
	fmt.Println(keys)

	var e1, e2 interface{} = Point{1, 2}, Point{1, 2}
	fmt.Println(e1 == e2, [2]Point{} == [2]Point{{0, 0}, {0, 0}})
}
