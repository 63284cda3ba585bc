// The builtin print shows nil pointers, slices, maps, channels, functions and interfaces as
// the runtime does; conversions of nil to those types.

package main

type Shape interface{ Area() int }

func main() {
	var s Shape
	var e error
	println((chan int)(nil), []int(nil), (map[string]int)(nil), (func())(nil))
	println((interface{})(nil), s, e, s == nil)
	defer println("deferred", []byte(nil), 7)
}
