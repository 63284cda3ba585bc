// The simple statement before an if or switch header's semicolon may be empty.

package main

import "fmt"

func main() {
	if ; 2 > 1 {
		fmt.Println("if with an empty statement")
	}
	switch ; {
	case false:
		fmt.Println("no")
	default:
		fmt.Println("switch with an empty statement")
	}
	x := 3
	switch ; x {
	case 3:
		fmt.Println("three")
	}
}
