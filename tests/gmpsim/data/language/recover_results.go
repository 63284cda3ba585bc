package main

import (
	"errors"
	"fmt"
)

func double(x int) (result int) {
	defer func() { result *= 2 }()
	return x + 1
}

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	q = -1
	q = a / b
	return q, nil
}

func unnamed() int {
	defer func() { recover() }()
	defer func() { panic("late") }()
	return 7 // the result is set before the deferred calls run
}

func blank() (a int, _ string, b bool) {
	a, b = 3, true
	defer func() { recover() }()
	panic("x")
}

func order() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	x := 1
	defer fmt.Println("argument evaluated at defer:", x)
	x = 2
	f := func() { fmt.Println("first f") }
	defer f()
	f = func() { fmt.Println("second f") }
}

func wrapped() (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("wrapped: %w", err)
		}
	}()
	return errors.New("base")
}

func main() {
	fmt.Println(double(4))
	q, err := safeDiv(7, 2)
	fmt.Println(q, err)
	q, err = safeDiv(7, 0)
	fmt.Println(q, err)
	fmt.Println(unnamed())
	a, s, b := blank()
	fmt.Printf("%d %q %v\n", a, s, b)
	order()
	fmt.Println(wrapped())
}
