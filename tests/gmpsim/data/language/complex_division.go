package main

import (
	"fmt"
	"math"
)

func main() {
	inf, nan := math.Inf(1), math.NaN()
	zero := 0.0
	parts := []float64{0, -zero, 1, -2.5, 1e308, 1e-310, inf, -inf, nan}
	var c64s []complex64
	for _, a := range parts {
		for _, b := range parts {
			c := complex(a, b)
			line := ""
			for _, x := range parts {
				for _, y := range []float64{0, 3, inf, nan} {
					line += fmt.Sprint(c/complex(x, y), " ")
				}
			}
			fmt.Println(c, line)
			c64s = append(c64s, complex64(c))
		}
	}
	for i := 1; i < len(c64s); i++ {
		fmt.Print(c64s[i]/c64s[i-1], c64s[i]*c64s[i-1], c64s[i]+c64s[i-1], " ")
	}
	fmt.Println()
	var c complex128 = 1 + 1i
	c++
	c -= 2i
	c *= c
	c /= 3
	fmt.Println(c, -c, +c)
	var f complex64 = 1.0 / 3
	f /= 7
	f *= 1e30
	fmt.Println(f, f*f, f*f*f*f*f)
}
