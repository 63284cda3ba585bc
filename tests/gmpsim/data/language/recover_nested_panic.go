package main

import (
	"errors"
	"fmt"
)

type code int

func main() {
	defer func() { panic(code(3)) }()
	defer func() { panic(errors.New("second")) }()
	defer fmt.Println("deferred before the panics")
	panic(fmt.Sprintf("first %d", 1))
}
