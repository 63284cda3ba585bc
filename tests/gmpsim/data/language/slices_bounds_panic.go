package main

import "fmt"

func main() {
	s := make([]int, 2, 4)
	fmt.Println(s[:4], len(s[1:]), cap(s[1:3:3]))
	hi := 6
	fmt.Println(s[1:hi])
}
