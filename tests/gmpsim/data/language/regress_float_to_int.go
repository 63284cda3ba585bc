package main

import (
	"fmt"
	"math"
)

func main() {
	nan, inf, big := math.NaN(), math.Inf(1), 1e20
	fmt.Println(int(nan), int64(inf), int(big), int(-big), int32(nan), int32(big), int8(big))
	fmt.Println(uint64(big), uint32(nan), uint8(300.5+big-big))
	x, y, z, w := 3.9, -3.9, 70000.0, 1.5e19
	fmt.Println(int(x), int(y), uint8(x*60), int16(z), uint64(w), int64(-w), uint16(-x))
	var f float32 = 2.5e9
	fmt.Println(int32(f), uint32(f), int64(f))
}
