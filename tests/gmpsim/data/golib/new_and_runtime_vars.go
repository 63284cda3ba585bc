package main

import (
	"fmt"
	"runtime"
)

type P struct{ x, y int }

var g int

func main() {
	p := new(int)
	*p += 3
	q := new(P)
	q.x = 4
	r := &g
	*r = 9
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println(*p, q.x, g, *r, ms.NumGC > 0, runtime.MemProfileRate)
	runtime.MemProfileRate = 1
	fmt.Println(runtime.MemProfileRate)
}
