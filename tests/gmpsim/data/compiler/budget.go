// Functions either side of the inliner's budget of 80 nodes.
package main

import "fmt"

// cost 80: a return, 39 additions and 40 names.
func atBudget(a, b, c, d int) int {
	return a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d
}

// cost 81: one negation more.
func overBudget(a, b, c, d int) int {
	return -a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d + a + b + c + d
}

//go:noinline
func work(n int) int {
	return n * 3
}

// A call that stays a call costs 57: 1+1+57+1 for the call, 1 for the return,
// and 2 per extra "+ n" (19 of them): 99.
func wrapOver(n int) int {
	return work(n) + n + n + n + n + n + n + n + n + n + n + n + n + n + n + n + n + n + n + n
}

// 1+1+57+1 + 1 + 2*9 = 79: inlinable with mid-stack inlining.
func wrapUnder(n int) int {
	return work(n) + n + n + n + n + n + n + n + n + n
}

func main() {
	x := atBudget(1, 2, 3, 4) + overBudget(1, 2, 3, 4)
	x += wrapOver(x) + wrapUnder(x)
	fmt.Println(x)
}
