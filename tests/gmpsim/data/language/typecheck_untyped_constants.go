// Untyped constants whose values are integers act as integers wherever an integer is needed
// (array lengths, shifts and shift counts, indexes); sizes for make take any integer type; a
// constant shifted by a variable amount gets the type its context gives it.

package main

import "fmt"

const big = 1e3 >> 1

var grid [1e1]int

func main() {
	var s uint = 3
	var x int = 1
	var y int = 1.0 << s
	fmt.Println(len(grid), big, x<<2., x<<(1.<<x), y)
	n := int64(4)
	var k byte = 2
	nums := make([]int, n, 2*n)
	c := make(chan int, k)
	c <- 5
	fmt.Println(len(nums), cap(nums), cap(c), nums[1.0], <-c)
	const f = 2.0
	fmt.Println(nums[f], "abc"[f], make([]string, f+1))
	// an untyped constant shifted by a variable has the type its context gives it
	s = 64
	wide := 1 << s
	var small int8 = 1 << (s - 57)
	var boxed interface{} = 1<<s + 1
	var top uint64 = 1 << (s - 1)
	var low uint8 = 1<<(s-56) + 3
	fmt.Println(wide, small, boxed, top, low)
}
