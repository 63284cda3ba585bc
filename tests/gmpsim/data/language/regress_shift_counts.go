package main

import "fmt"

func main() {
	var x int = 3
	var s uint = 70
	var n int = -1
	var b uint8 = 200
	fmt.Println(x<<s, x>>s, -x>>s, x<<(1<<62), b<<s, b>>s, x<<64, int8(-5)>>100)
	fmt.Println(x<<(1+0i), x<<2.0, 1<<s, uint64(1)<<63)
	defer func() { fmt.Println(recover()) }()
	fmt.Println(x >> n)
}
