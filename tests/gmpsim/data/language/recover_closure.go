package main

import "fmt"

func mustNotRecover(where string) {
	if r := recover(); r != nil {
		fmt.Println("spurious recover in", where, r)
	}
}

func viaHelper() interface{} { return recover() }

func direct() {
	defer func() {
		fmt.Println("helper sees", viaHelper())
		fmt.Println("closure recovers", recover())
		fmt.Println("second recover", recover())
	}()
	defer mustNotRecover("a deferred function that is not called by the panic")
	panic("one")
}

func deferredRecoverIsNoop() {
	defer func() { fmt.Println("then recovered", recover()) }()
	defer recover() // recover itself deferred: not called by a deferred function
	panic("two")
}

func deferInsideDeferred() {
	defer func() {
		defer recover() // called by the deferred function's own defer: squelches
	}()
	panic("three")
}

type T struct{ name string }

func (t T) Recover() {
	fmt.Println(t.name, "method recovers", recover())
}

func method() {
	t := T{"value"}
	defer t.Recover()
	t.name = "changed"
	panic("four")
}

func loop() (n int) {
	for i := 0; i < 3; i++ {
		defer func() {
			if r := recover(); r != nil {
				fmt.Println("loop recovers", r, "at", i)
				n = 10 * i
			}
		}()
	}
	panic("five")
}

func main() {
	fmt.Println("not panicking:", recover())
	direct()
	deferredRecoverIsNoop()
	deferInsideDeferred()
	fmt.Println("after three")
	method()
	fmt.Println("loop returned", loop())
}
