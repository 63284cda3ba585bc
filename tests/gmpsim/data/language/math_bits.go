package main

import (
	"fmt"
	"math"
)

func main() {
	zero := 0.0
	for _, f := range []float64{0, -zero, 1, -2.5, 1e308, 5e-324, math.Inf(1), math.Inf(-1), math.NaN(), 0.1} {
		b := math.Float64bits(f)
		g := math.Float64frombits(b)
		fmt.Printf("%v %#016x %v %v %v\n", f, b, g, math.Signbit(f), math.Copysign(3, f))
	}
	for _, f := range []float32{0, 1, -2.5, 3.4e38, 1e-45, 0.1} {
		b := math.Float32bits(f)
		fmt.Printf("%v %#08x %v\n", f, b, math.Float32frombits(b))
	}
	nan := math.Float32frombits(0x7f800001) // a signalling NaN keeps its payload
	fmt.Printf("%#x %#x %v\n", math.Float32bits(nan), math.Float32bits(-nan), math.IsNaN(float64(nan)))
	q := math.Float64frombits(0x7ff8000000000123)
	fmt.Printf("%#x %v %v\n", math.Float64bits(q), q == q, math.IsInf(math.Copysign(math.Inf(1), -1), -1))
	fmt.Println(math.Copysign(-zero, 1), math.Copysign(math.NaN(), -1), math.Signbit(math.Copysign(0, -1)))
	fmt.Println(math.Float64frombits(1<<63), math.Float64bits(-zero) == 1<<63, math.Float32bits(float32(-zero)))
	inf := math.Inf(1)
	fmt.Printf("%#x %#x %#x %#x\n", math.Float64bits(zero/zero), math.Float64bits(inf-inf), math.Float64bits(inf*zero), math.Float64bits(-(zero / zero)))
	fmt.Printf("%#x %#x\n", math.Float64bits(math.Sqrt(-1)), math.Float32bits(float32(zero/zero)))
}
