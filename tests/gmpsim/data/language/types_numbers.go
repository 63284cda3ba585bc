// Sized integers wrap, conversions truncate, untyped constants and iota, floats, runes, bytes.
package main

import "fmt"

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

const (
	_  = iota
	KB = 1 << (10 * iota)
	MB
	GB
)

const big = 1 << 62

func main() {
	var i8 int8 = 127
	i8++
	var u8 uint8 = 0
	u8--
	var i16 int16 = -32768
	i16 = -i16
	var u32 uint32 = 1 << 31
	u32 *= 2
	var i64 int64 = big
	i64 *= 4
	var u uint = 0
	u--
	fmt.Println(i8, u8, i16, u32, i64, u)
	fmt.Println(Sunday, Monday, Tuesday, KB, MB, GB)
	x := 300
	fmt.Println(int8(x), uint8(x), int16(x*300), uint16(x*300), int32(x)*int32(x))
	f := 3.75
	fmt.Println(int(f), int(-f), float32(0.1), float64(float32(0.1)), f/0.5)
	fmt.Println(7/2, -7/2, 7%3, -7%3, 7.0/2, 1<<10, 0x7f&^0x0f, 6^3)
	var r rune = 'é'
	var b byte = 'A'
	fmt.Println(r, b, string(r), string(rune(b)), b+1, r+1)
	fmt.Printf("%T %T %T %T %T\n", r, b, f, x, Monday)
	var h uint64 = 14695981039346656037
	for _, c := range []byte("hash") {
		h ^= uint64(c)
		h *= 1099511628211
	}
	fmt.Println(h)
	fmt.Println(1e3, 1e21, 2.5e-7, float32(1)/3, 100000000.0)
	ok := x > 100 && !(f < 1)
	fmt.Println(ok, !ok, x == 300 || false)
	s := "héllo"
	fmt.Println(len(s), s[1], s[0:1]+s[3:], string(s[0]))
}
