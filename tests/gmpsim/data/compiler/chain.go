// Transitive inlining: nested inlined calls are reported at the outer call: depth-first per
// function in go1.19, breadth-first per function in 1.21-1.22, after deciding all from 1.23.
package main

func add(a, b int) int {
	return a + b
}

func mid() int {
	return add(1, 2)
}

func top() int {
	return mid() + mid()
}

func main() { println(top()) }
