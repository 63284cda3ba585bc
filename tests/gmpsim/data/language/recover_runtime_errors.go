package main

import (
	"fmt"
	"runtime"
)

func try(name string, f func()) {
	defer func() {
		r := recover()
		fmt.Printf("%s: %v (%T)\n", name, r, r)
		if err, ok := r.(error); ok {
			fmt.Println("  error:", err.Error())
		}
		if re, ok := r.(runtime.Error); ok {
			fmt.Println("  runtime.Error:", re.Error())
		}
		switch v := r.(type) {
		case runtime.Error:
			fmt.Println("  switch runtime.Error", v)
		case error:
			fmt.Println("  switch error", v)
		case string:
			fmt.Println("  switch string", v)
		}
	}()
	f()
}

type T struct{ a int }

func (t T) Get() int { return t.a }

type Getter interface{ Get() int }

var (
	sink   interface{}
	nilT   *T
	getter Getter = nilT
)

func main() {
	s := []int{1, 2, 3}
	i := 5
	var m map[string]int
	zero := 0
	var nilch chan int
	closed := make(chan int)
	close(closed)
	var x interface{} = "text"
	var p *T
	try("index", func() { sink = s[i] })
	try("slice", func() { sink = s[1:i] })
	try("nil map", func() { m["a"] = 1 })
	try("divide", func() { sink = 10 / zero })
	try("close nil", func() { close(nilch) })
	try("close closed", func() { close(closed) })
	try("send closed", func() { closed <- 1 })
	try("assertion", func() { sink = x.(int) })
	try("nil pointer", func() { sink = p.a })
	try("panicwrap", func() { sink = getter.Get() })
	var u1, u2 interface{} = []int{1}, []int{1}
	keys := map[interface{}]int{}
	try("uncomparable", func() { sink = u1 == u2 })
	try("unhashable", func() { keys[u1] = 1 })
	try("errorf", func() { panic(fmt.Errorf("wrapped %d", 42)) })
	try("string", func() { panic("plain") })
	try("nothing", func() {})
}
