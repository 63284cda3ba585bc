// Leaves with local arrays: a frame of 128 bytes or more needs the stack check.
package main

import "fmt"

// 8 words (64 bytes): a leaf with a small frame, NOSPLIT.
func small(i uint) int {
	var a [8]int
	a[i&7] = int(i)
	return a[(i+1)&7]
}

// 15 words (120 bytes): still below 128.
func edge(i uint) int {
	var a [15]int
	a[i%15] = int(i)
	return a[(i+3)%15]
}

// 16 words (128 bytes): no longer below StackSmall, so it gets a prologue.
func big(i uint) int {
	var a [16]int
	a[i&15] = int(i)
	return a[(i+1)&15]
}

// A signed index needs a bounds check; the check's panic call does not count while the
// frame is below 120 bytes.
func checked(i int) int {
	var a [4]int
	a[i] = i
	return a[0]
}

//go:noinline
func huge(i uint) int {
	var a [512]int
	a[i&511] = int(i)
	return a[(i+1)&511]
}

func main() {
	fmt.Println(small(3), edge(4), big(5), checked(1), huge(6))
}
