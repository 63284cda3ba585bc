// Arrays are values: assignment, passing and range copy them; slicing one shares it.
package main

import "fmt"

type Grid [2][3]int

func fill(a [4]int) [4]int {
	for i := range a {
		a[i] = i * 10
	}
	return a
}

func main() {
	var a [4]int
	b := fill(a)
	fmt.Println(a, b, len(b), cap(b))
	c := b
	c[0] = 99
	fmt.Println(b[0], c[0], b == c, b != c)
	s := b[1:3]
	s[0] = -1
	fmt.Println(b, s, len(s), cap(s))
	primes := [...]int{2, 3, 5, 7, 11}
	for i, p := range primes {
		primes[len(primes)-1-i] = 0
		fmt.Print(p, " ")
	}
	fmt.Println(primes)
	var g Grid
	g[1][2] = 5
	h := g
	h[0][0] = 1
	fmt.Println(g, h)
	words := [3]string{"a", "b"}
	fmt.Println(words, len(words[2]))
	i := 4
	fmt.Println(b[i])
}
