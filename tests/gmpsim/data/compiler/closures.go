// Function literals: compiled as functions of their own (main.func1, …), inlined where a
// never-reassigned local closure is called, allocated when they escape with captures.
package main

import (
	"fmt"
	"time"
)

//go:noinline
func step(n int) int {
	return n + 1
}

func apply(f func(int) int, x int) int {
	return f(x)
}

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func local(x int) int {
	double := func(v int) int { return v * 2 }
	return double(x) + 1
}

func main() {
	done := make(chan bool)
	go func() {
		for i := 0; i < 3; i++ {
			step(i)
		}
		done <- true
	}()
	<-done
	c := counter()
	fmt.Println(c(), local(3), apply(func(v int) int { return v + 1 }, 2))
	func() {
		time.Sleep(time.Millisecond)
	}()
}
