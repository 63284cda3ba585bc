package main

import "fmt"

func main() {
	x := 3
	p := &x
	fmt.Println(*p)
	p = nil
	fmt.Println(p == nil)
	*p = 4
	fmt.Println("not reached")
}
