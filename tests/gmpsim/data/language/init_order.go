package main

import "fmt"

var a = b + 1
var b = f("b")
var c, d = g("c"), g("d")
var total int

func f(name string) int {
	fmt.Println("initialising", name)
	return 10
}

func g(s string) string {
	fmt.Println("g", s)
	total++
	return s
}

type T struct{ n int }

func (t T) Value() int { return later * t.n }

var viaMethod = T{2}.Value()
var later = f("later") * 2

var counter = next()

func next() int {
	total += 100
	return total
}

func init() {
	fmt.Println("first init", a, b, c, d, viaMethod, counter)
}

func init() {
	fmt.Println("second init", total)
	total = -1
}

func main() {
	fmt.Println("main", total)
}
