package main

import (
	"fmt"
	"math"
	"time"
)

func main() {
	var i8 int8 = -1
	z := 0
	neg := -3.14159
	fmt.Printf("%08.3f|%+.3e|%x|%o|%#o|%#x|%.0d|%5.0d|%q|%q\n", neg, neg, i8, z, z, z, z, z, 0x7f, 'x')
	fmt.Printf("%-8.3f|% 8.2f|%+08d|%-+6d|% 05d|%#08x|%#-8o|\n", neg, neg, 42, 42, 42, 255, 8)
	fmt.Printf("%6.2v|%-6.1v|%.3v|%10.3s|%-10q|\n", 3.14159, 2.5, "abcdef", "héllo", "é")
	fmt.Printf("%v|%8v|%-8v|%d|%x|%.1f\n", 90*time.Second, time.Millisecond, 2*time.Hour+3*time.Minute, time.Second, time.Microsecond, 1.25)
	fmt.Printf("%5.1f|%05.1f|%+v|% v|%08v\n", math.Inf(1), math.Inf(-1), math.NaN(), math.NaN(), math.Inf(1))
	fmt.Printf("%e|%E|%.0e|%.0f|%.0f|%.0f|%g|%g\n", 123456.789, 0.000123, 5.5, 0.5, 1.5, 2.5, 1e-4, 123456789.0)
	fmt.Printf("%t|%5t|%v|%s|%d\n", false, true, 'a', "x", true)
	fmt.Printf("%3c|%-3c|%c|%U|%#U\n", 'a', 'b', 0x1F600, 0x10FFFF, 'é')
	fmt.Printf("%x|% X|%#x|%# x|%.2x\n", "hello", "hi", "hi", "hi", "hello")
	fmt.Printf("%[2]d %[1]d|%d%%|%-5%|\n", 1, 2, 3)
	fmt.Println(float32(1)/3, float32(16777217), 1.0/3, 2.0/3*3, 100000000.0, 0.000001)
	fmt.Println(int64(math.MaxInt64), uint8(255), -9223372036854775808)
}
