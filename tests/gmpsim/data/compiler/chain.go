// Transitive inlining: gc reports nested inlined calls at the outer call position, depth-first
// per function in go1.22 and before, breadth-first after deciding every function in go1.27.
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
