package main

import "fmt"

const X = 2

const (
	P = iota * 10
	Q
	R = P + Q
)

func main() {
	const (
		A    = iota // 0
		iota = iota // 1: from here on iota is this constant
		B           // repeats "iota": the constant, 1
		C
	)
	fmt.Println(A, B, C)

	const (
		X = X + X // the package's X on the right: 4
		Y         // repeats "X + X", where X is now the local one: 8
		Z = iota  // the local constant iota declared above: 1
	)
	fmt.Println(X, Y, Z, P, Q, R)

	const base = 7
	{
		const (
			u = base * 2
			v
		)
		fmt.Println(u, v)
	}
}
