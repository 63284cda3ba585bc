// A const spec without values repeats the previous spec's type and expression list, with the
// next iota, for as many names as that list has.

package main

import "fmt"

type Weekday int

const (
	bit0, mask0 = 1 << iota, 1<<iota - 1
	bit1, mask1
	_, _
	bit3, mask3
)

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

const (
	half, third = 1.0 / (iota + 2), 1.0 / (iota + 3)
	quarter, fifth
)

func main() {
	fmt.Println(bit0, mask0, bit1, mask1, bit3, mask3)
	fmt.Printf("%T %v %v\n", Tuesday, Monday, Tuesday)
	fmt.Println(half, third, quarter, fifth)
	const (
		a, b = iota * 10, iota * 100
		c, d
	)
	fmt.Println(a, b, c, d)
}
