package main

import "fmt"

func main() {
	c := make(chan int)
	var n chan int
	done := struct{}{}
	fmt.Printf("%v %v %v %T %T\n", c == c, n, done, c, done)
	fmt.Println(n, done)
}
