package main

import "fmt"

func f() {
	defer func() { fmt.Println("recovered", recover()) }()
	defer func() { panic("second") }()
	panic("first")
}

func g() {
	defer func() {
		recover()
		panic("after recover")
	}()
	panic("original")
}

func main() {
	f()
	fmt.Println("f returned")
	g()
}
