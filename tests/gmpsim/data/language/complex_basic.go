package main

import (
	"fmt"
	"math"
)

const c0 = 1 + 2i
const c1 = (1 + 2i) * (3 - 4i) / (5 + 6i)
const third = 1i / 3
const r0 = real(c0) + imag(c1)
const typed complex64 = 0.1 + 0.2i

type pair struct {
	a complex128
	b int
}

type Amp complex64

func div(a, b complex128) complex128 { return a / b }

func main() {
	fmt.Println(c0, c1, third*3 == 1i, r0, typed)
	var x complex128 = 2i
	y := complex(1.5, -2.0)
	fmt.Println(x, y, x+y, x-y, x*y, x/y, -y, 1.5e3i, 0x1p-2i, 123i, 1_0i)
	fmt.Println(real(y), imag(y), real(x*y), complex(real(y), 3))
	var f32 float32 = 1.0 / 3
	z := complex(f32, f32*2)
	fmt.Printf("%T %v %T %v\n", z, z, real(z), real(z))
	w := complex64(y) * complex64(1/3.0+1i/3.0)
	fmt.Println(w, complex128(w), complex64(complex128(w)*3))
	fmt.Printf("%v %g %f %e %.2f %8.3f|%-8.2g|%+v %T\n", y, y, y, y, y, y, y, y, y)
	fmt.Printf("%5v|%#v|%d\n", y, y, y)
	println(y, x, c0, complex64(y))
	fmt.Println(x == 2i, x != y, y == complex(1.5, -2))
	inf := math.Inf(1)
	zero := 0.0
	fmt.Println(div(1, 0), div(0, 0), div(complex(inf, 1), 2), div(1, complex(inf, inf)), div(complex(math.NaN(), 1), 0))
	fmt.Println(div(complex(1, 0), complex(zero, -zero)), div(-1, 0), div(complex(1e308, 1e308), complex(1e-308, 1e-308)))
	fmt.Println(complex(inf, 0)*complex(0, 1), complex(1e308, 1e308)*complex(1e308, inf))
	m := map[complex128]string{1i: "i", 1: "one", complex(0, zero): "zero"}
	m[complex(zero, -zero)] += "!"
	fmt.Println(m, len(m))
	p, q := pair{1 + 1i, 2}, pair{1 + 1i, 2}
	fmt.Println(p == q, p, []complex64{1, 2i, 3 + 3i})
	var a Amp = 3 + 4i
	fmt.Printf("%v %T %.1f\n", a, a, a)
	var s []complex128
	for i := 0; i < 4; i++ {
		s = append(s, complex(float64(i), float64(-i)))
	}
	sum := 0i
	for _, v := range s {
		sum += v * v
	}
	fmt.Println(s, sum)
	var iface interface{} = y
	if c, ok := iface.(complex128); ok {
		fmt.Println("complex128", c)
	}
	switch iface.(type) {
	case complex64:
		fmt.Println("c64")
	case complex128:
		fmt.Println("c128")
	}
	fmt.Println(fmt.Sprint(complex64(1e20+1e-20i)), complex64(1e39i/1e10))
	var zc complex128
	fmt.Println(zc, real(zc) == 0, x*1e300i*1e300i)
}
