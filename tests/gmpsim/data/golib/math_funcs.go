package main

import (
	"fmt"
	"math"
)

func main() {
	fmt.Println(math.Sqrt(2), math.Sqrt(-1), math.Abs(-3.5), math.Floor(-2.5), math.Ceil(2.1), math.Trunc(-2.7), math.Round(2.5), math.Round(-2.5))
	fmt.Println(math.Max(3, 7), math.Min(3, 7), math.Max(math.NaN(), 1), math.Min(math.Inf(-1), 0), math.Pow(2, 10), math.Pow(0, -1), math.Pow(-8, 1.0/3))
	fmt.Println(math.Log(1), math.Log(0), math.Exp(1), math.Mod(7, 3), math.Mod(-7, 3), math.Hypot(3, 4))
	fmt.Println(math.Inf(1), math.Inf(-1), math.IsNaN(math.NaN()), math.IsInf(math.Inf(-1), -1), math.IsInf(1, 0), math.Signbit(-0.5))
	fmt.Println(math.Pi, math.E, math.MaxInt64, math.MinInt64, math.MaxInt32, math.MaxUint16, math.MaxInt8)
	var u uint64 = math.MaxUint64
	fmt.Println(u, math.MaxFloat64, math.SmallestNonzeroFloat64)
	fmt.Printf("%.4f %8.3f %v\n", math.Pi, math.E, math.Sqrt2)
}
