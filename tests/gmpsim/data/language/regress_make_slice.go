// make([]T, n[, c]): the length is evaluated once, and makeslice's run-time checks come in
// its order (length first, then capacity, each against the 48-bit allocation limit).
package main

import "fmt"

var calls int

func size() int {
	calls++
	return 3
}

type page [1 << 20]int64

func try(what string, f func() int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Printf("%s: %v\n", what, r)
		}
	}()
	fmt.Printf("%s: len %d\n", what, f())
}

func main() {
	s := make([]int, size())
	fmt.Println(len(s), cap(s), calls)
	neg, big, small := -1, 1<<40, 2
	try("negative length", func() int { return len(make([]int, neg)) })
	try("negative capacity", func() int { return len(make([]int, 0, neg)) })
	try("capacity below length", func() int { return len(make([]int, 3, small)) })
	try("huge length", func() int { return len(make([]page, big)) })
	try("huge capacity", func() int { return len(make([]page, 1, big)) })
	try("zero-size elements", func() int { return len(make([]struct{}, 1000, 5000)) })
	try("bytes", func() int { return cap(make([]byte, small, small*3)) })
}
