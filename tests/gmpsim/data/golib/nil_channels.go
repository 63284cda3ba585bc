package main

import "fmt"

func main() {
	var c chan int
	fmt.Println(c == nil, len(c))
	c = make(chan int, 1)
	fmt.Println(c != nil, nil != c)
	c = nil
	select {
	case c <- 1:
		fmt.Println("sent")
	default:
		fmt.Println("nil channel blocks")
	}
}
