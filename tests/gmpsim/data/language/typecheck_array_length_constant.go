// len and cap of an array variable, or of a pointer to one, are constants: array lengths and
// constant declarations may use them, in functions and at package level.

package main

import "fmt"

var table [5]int

const tableLen = len(table)

func main() {
	at := [...]string{"a", "b", "c"}
	aat := [][len(at)]string{at, at}
	const n = len(at) * 2
	var doubled [n]int
	p := &at
	const m = cap(p)
	var fromPtr [m + len((at))]bool
	fmt.Println(len(aat), len(aat[1]), n, len(doubled), len(fromPtr), tableLen)
	fmt.Printf("%T %T\n", aat, fromPtr)
}
