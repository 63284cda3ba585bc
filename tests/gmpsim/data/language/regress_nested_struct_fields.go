package main

import "fmt"

type Outer struct {
	F0 [0]float64
	F1 byte
	F2 int16
	_  struct {
		F0 uint32
	}
	In struct {
		A, B int
		C    struct{ D string }
	}
}

func main() {
	o := Outer{F1: 27, F2: 9887}
	o.In.A = 1
	o.In.C.D = "d"
	fmt.Println(o)
	fmt.Printf("%+v\n", o)
	fmt.Println(o.In.B, o.In.C)
}
