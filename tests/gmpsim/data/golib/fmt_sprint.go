package main

import "fmt"

var total = 40 + 2
var label = fmt.Sprint("n=", total, " ", 2.5)

func main() {
	s := fmt.Sprintf("%03d|%-4s|", total, "ab")
	fmt.Println(label, s, fmt.Sprintln("x", 1))
	fmt.Print(fmt.Sprint(1, 2, "a", "b", 3.0, true), "\n")
}
