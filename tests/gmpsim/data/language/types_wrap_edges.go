// Where integer results sit at the edges of their types: the results that overflow wrap, and
// those that cannot overflow (widening conversions, bitwise operators, ^x of a signed value,
// unsigned division) keep their values exactly; string([]rune) of a computed slice.
package main

import "fmt"

//go:noinline
func i8(x int8) int8 { return x }

//go:noinline
func u64(x uint64) uint64 { return x }

func main() {
	a := i8(127)
	b := i8(-128)
	fmt.Println(a+1, b-1, a*2, -b, ^a, ^b, +b, a|b, a&b, a^b, a&^b)
	fmt.Println(int16(a)+1, int64(b)-1, uint8(b), uint16(b), uint32(a)+1, int32(uint8(b)))

	m := int64(-9223372036854775808)
	n := m + 1
	fmt.Println(m-1, -m, m*-1, n/-1, ^m, m/-1, m%-1, int32(m>>31), uint64(m), uint32(n))

	u := u64(18446744073709551615)
	fmt.Println(u+1, u*u, ^u, u/3, u%7, u>>1|1, u&^5, uint8(u), int8(u), int64(u), uint32(u)+1)

	var s uint
	for _, sh := range []uint{1, 7, 8, 63, 64} {
		s = sh
		fmt.Println(1<<s, int8(1)<<s, uint8(3)<<s, int64(-1)<<s, u<<s>>s)
	}

	var w32 uint32 = 4000000000
	var v32 int32 = -2147483648
	fmt.Println(uint64(w32)*4, int64(w32)+int64(v32), int64(v32)*int64(v32), w32*4, v32-1)

	r := []rune("héllo, wörld")
	k := len(r) - 5
	fmt.Println(string(r[k:]), string(r[:k-2]), len(string(r[1:k+1])))
}
