package main

import "fmt"

func two() (int, bool) {
	return 4, false
}

func assigned() (a int, b bool) {
	defer func() {
		a++
	}()
	a, b = two()
	return
}

func returned() (a int, b bool) {
	defer func() {
		a++
	}()
	return two()
}

func explicit() (x int) {
	defer func() {
		if x != 42 {
			fmt.Println("BUG: x =", x)
		}
		x *= 2
	}()
	return 42
}

func order() (s string) {
	defer func() { s += " first-deferred-runs-last" }()
	defer func() { s += " second" }()
	return "start"
}

func unnamed() int {
	n := 1
	defer func() { n = 100 }()
	return n
}

func main() {
	a, _ := assigned()
	b, _ := returned()
	fmt.Println(a, b, explicit(), order(), unnamed())
}
