package main

import "fmt"

type code int

type label string

type failure struct{}

func (failure) Error() string { return "failure\nwith two lines" }

type named struct{}

func (named) String() string { return "a Stringer" }

func main() {
	defer func() { panic(label("a label")) }()
	defer func() { panic(code(5)) }()
	defer func() { panic(failure{}) }()
	defer func() { panic(named{}) }()
	defer func() { panic(2.5) }()
	defer func() { panic(true) }()
	defer fmt.Println("deferred print runs first")
	panic("first line\nsecond line")
}
