// Wrappers around calls: "non-leaf function" before Go 1.12, inlinable after.
package main

import (
	"fmt"
	"runtime"
	"time"
)

//go:noinline
func step(n int) int {
	return n + 1
}

// wrap calls a function that is not inlinable: before 1.12 it is a non-leaf.
func wrap(n int) int {
	return step(n)
}

// twice inlines wrap twice (mid-stack inlining) and so calls step directly.
func twice(n int) int {
	return wrap(wrap(n))
}

func nap() {
	time.Sleep(time.Millisecond * 5)
}

func yield() {
	runtime.Gosched()
}

func say(n int) {
	fmt.Println("n =", n)
}

func leaf(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

func main() {
	n := twice(1)
	nap()
	yield()
	say(n)
	say(leaf(n, 3))
}
