package main

import "fmt"

const (
	a                   = 3 + 4i
	b                   = a * a / (1 - 1i)
	huge                = 1e300i * 1e300i / 1e500
	c64      complex64  = 1.1 + 2.2i
	c128     complex128 = 1.1 + 2.2i
	prod64              = c64 * c64
	realPart            = real(a)   // untyped float
	imagPart            = imag(c64) // float32
	fromInt             = complex(1, 2)
	isReal              = 2.5 + 0i
	intlike             = (1 + 2i) * (1 - 2i) // 5 + 0i
)

type Phase complex128

func (p Phase) Flip() Phase { return -p }

func main() {
	fmt.Println(a, b, huge, c64, c128, prod64, realPart, imagPart, fromInt)
	fmt.Printf("%T %T %T %T\n", realPart, imagPart, fromInt, prod64)
	var f float64 = isReal
	var n int = intlike
	var u uint8 = real(intlike)
	fmt.Println(f, n, u, n+intlike, float32(isReal), int64(intlike))
	fmt.Println(complex64(c128) == c64, complex128(c64) == c128, c64 == 1.1+2.2i)
	var p Phase = 1 - 1i
	fmt.Println(p.Flip(), p*p, Phase(c64), complex128(p))
	fmt.Printf("%v %.3e %+.1f % .2g %08.3f %-9.2fx\n", p, p, p, p, p, p)
	switch p {
	case 1 - 1i:
		fmt.Println("matched")
	default:
		fmt.Println("no")
	}
	vals := map[string]interface{}{"c": 1i, "f": 2.0, "c64": complex64(3)}
	for _, k := range []string{"c", "f", "c64"} {
		switch v := vals[k].(type) {
		case complex128:
			fmt.Println(k, "complex128", real(v), imag(v))
		case complex64:
			fmt.Println(k, "complex64", v)
		default:
			fmt.Printf("%s %T %v\n", k, v, v)
		}
	}
	fmt.Println(vals["c"] == 1i, vals["c64"] == complex64(3), vals["c64"] == 3i)
	type S struct {
		Z complex64
		N string
	}
	s := S{2 + 3i, "x"}
	fmt.Printf("%v %+v %#v\n", s, s, s)
	arr := [2]complex128{1, 2i}
	arr2 := arr
	arr2[1] += 1
	fmt.Println(arr, arr2, arr == arr2, len(fmt.Sprint(arr)))
	println(real(p), imag(c64), p, c64)
}
