//go:debug updatemaxprocs=1
//go:debug panicnil=0
// What a build's GODEBUG defaults change: whether recover sees panic(nil) as nil (panicnil),
// and which goroutine id the program's first goroutine gets (the GOMAXPROCS updater of
// updatemaxprocs takes one before it).
package main

import "fmt"

func main() {
	func() {
		defer func() {
			r := recover()
			fmt.Printf("recovered %v (%T)\n", r, r)
		}()
		panic(nil)
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		panic(fmt.Sprintf("from a goroutine, with %d goroutines here", 2))
	}()
	<-done
}
