package main

import (
	"fmt"
	"math"
)

const third = 1.0 / 3
const huge = 1e646456992
const big = 1 << 100

const f32c float32 = 0.1
const tripled = f32c * 3 // typed float32: rounded after the multiplication

func main() {
	fmt.Println(1e23+8.388608e6, 1e23+1, 1e23)
	fmt.Println(third*3 == 1, third*3)
	x := huge / 1e646456991
	fmt.Println(x, huge/huge, big>>98, float64(big))
	fmt.Println(-0.0, 0.1+0.2, 0.1+0.2 == 0.3)

	var f float32 = 0.1
	var g float32 = 1.1e-10
	fmt.Println(f == 0.1, f*3, f*3 == 0.3, g/10, tripled, float64(f))
	h := f
	h += 0.2
	h++
	fmt.Println(h, -h, f/3)
	var d float64 = 0.1
	fmt.Println(d*3, d == 0.1)

	fmt.Println(math.Pi/2, 2*math.Pi)
	fmt.Printf("%.30f %v %T\n", third, 1e-5, 1e6)
}
