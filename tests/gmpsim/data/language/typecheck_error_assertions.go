// Type assertions and type switches on values of type error: the dynamic type is the
// program's or the library's, a nil error matches case nil, and a failed assertion panics with
// Go's interface conversion message naming error as the static type.

package main

import (
	"errors"
	"fmt"
)

type PtrErr struct{ code int }

func (e *PtrErr) Error() string { return fmt.Sprint("code ", e.code) }

type Coded interface {
	Error() string
	Code() int
}

func (e *PtrErr) Code() int { return e.code }

func classify(e error) {
	switch x := e.(type) {
	case nil:
		fmt.Println("nil", x == nil)
	case Coded:
		fmt.Println("coded", x.Code(), x)
	case *PtrErr, interface{ String() string }:
		fmt.Println("ptr or stringer", x)
	default:
		fmt.Println("other", x, x == e)
	}
}

func main() {
	var e error = &PtrErr{1}
	p, ok := e.(*PtrErr)
	fmt.Println(p.code, ok)
	classify(e)
	classify(nil)
	classify(errors.New("plain"))
	s := errors.New("x")
	_, ok = s.(*PtrErr)
	fmt.Println(ok)
	c, ok := e.(Coded)
	fmt.Println(c.Code(), ok, c == e)
	fmt.Println(e.(*PtrErr).code)
	assertPtr(s)
	assertPtr(nil)
}

func assertPtr(e error) {
	defer func() { fmt.Println(recover()) }()
	fmt.Println(e.(*PtrErr))
}
