// append's growth: cap as growslice rounds it, per element size.
package main

import "fmt"

func main() {
	var a []int64
	var b []byte
	var c []string
	var d []int32
	ca, cb, cc, cd := -1, -1, -1, -1
	for i := 0; i < 3000; i++ {
		a = append(a, int64(i))
		b = append(b, byte(i))
		d = append(d, int32(i))
		if i < 20 {
			c = append(c, "x")
		}
		if cap(a) != ca || cap(b) != cb || cap(c) != cc || cap(d) != cd {
			ca, cb, cc, cd = cap(a), cap(b), cap(c), cap(d)
			fmt.Println(i, ca, cb, cc, cd)
		}
	}
	// the slices escape (through fmt), so their backing stores are on the heap in every
	// version: go1.25+ would otherwise start a non-escaping one in a 32-byte stack buffer
	fmt.Println(a[:2], b[:2], c[:2], d[:2])
	e := append([]int{1, 2, 3}, 4, 5, 6, 7)
	fmt.Println(len(e), cap(e))
	f := append([]byte("hello"), " world"...)
	fmt.Println(string(f), len(f))
}
