// Values of the program's types as values of type error: assignment and conversion box them
// (a value or a pointer receiver's Error), comparing error with a concrete value converts the
// value to error first, and a nil pointer inside an error is not the nil error.

package main

import (
	"errors"
	"fmt"
)

type PtrErr struct{ code int }

func (e *PtrErr) Error() string {
	if e == nil {
		return "nil PtrErr"
	}
	return fmt.Sprint("code ", e.code)
}

type ValErr struct{ what string }

func (v ValErr) Error() string { return "bad " + v.what }

type Describer interface{ Error() string }

func find(ok bool) error {
	if ok {
		return nil
	}
	return &PtrErr{404}
}

func typedNil() error {
	var p *PtrErr
	return p
}

func main() {
	var e error = &PtrErr{1}
	fmt.Println(e, e.Error())
	v := error(ValErr{"input"})
	fmt.Println(v, v == ValErr{"input"}, v == ValErr{"other"}, ValErr{"input"} != v)
	fmt.Printf("%v %s %T %T\n", v, e, v, e)

	p := &PtrErr{2}
	e = p
	fmt.Println(e == p, p == e, e == error(p), e == error(&PtrErr{2}))

	fmt.Println((*PtrErr)(nil) == error(nil), (*PtrErr)(nil) != error(nil))
	nilPtr, nilErr := (*PtrErr)(nil), error(nil)
	fmt.Println(nilPtr == nilErr, nilPtr != nilErr, nilErr == nil)
	tn := typedNil()
	fmt.Println(tn == nil, tn != nil, tn.Error(), tn == (*PtrErr)(nil))
	fmt.Println(find(true) == nil, find(false) == nil, find(false))

	var d Describer = ValErr{"via interface"}
	e = d
	fmt.Println(e, e == d, d == ValErr{"via interface"})
	var any interface{} = e
	fmt.Println(any == e, any == ValErr{"via interface"})
	back, ok := any.(error)
	fmt.Println(back, ok, back == e)

	wrapped := fmt.Errorf("wrapped: %w", &PtrErr{3})
	fmt.Println(wrapped, errors.Unwrap(wrapped) == error(p), errors.Unwrap(wrapped) != nil)
	sentinel := errors.New("sentinel")
	fmt.Println(sentinel == e, e == sentinel, errors.Is(sentinel, sentinel))

	errs := []error{ValErr{"a"}, &PtrErr{5}, nil, sentinel}
	for i, x := range errs {
		fmt.Println(i, x == nil, x)
	}
	m := map[error]int{ValErr{"k"}: 1, sentinel: 2}
	fmt.Println(m[ValErr{"k"}], m[sentinel], m[ValErr{"none"}], len(m))
}
