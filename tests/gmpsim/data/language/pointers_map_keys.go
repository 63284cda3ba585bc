package main

import "fmt"

type node struct {
	v    int
	next *node
}

func main() {
	a, b := &node{v: 1}, &node{v: 1}
	seen := map[*node]bool{a: true}
	seen[b] = false
	fmt.Println(len(seen), seen[a], seen[b])
	a.v = 5
	_, ok := seen[a]
	fmt.Println(ok)
	delete(seen, b)
	for k, v := range seen {
		fmt.Println(k.v, v, k == a)
	}
	counts := make(map[*[2]int]int)
	x, y := &[2]int{}, &[2]int{}
	counts[x]++
	counts[x]++
	counts[y]++
	fmt.Println(counts[x], counts[y], len(counts))
}
