// Closures over range variables of slices, maps and strings: per loop before go1.22, per iteration after.
package main

import "fmt"

func main() {
	var fs []func() int
	for i, v := range []int{10, 20, 30} {
		fs = append(fs, func() int { return i*100 + v })
	}
	for _, r := range "ab" {
		fs = append(fs, func() int { return int(r) })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
}
