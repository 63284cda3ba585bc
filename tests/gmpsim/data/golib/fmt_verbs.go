package main

import (
	"fmt"
	"time"
)

func main() {
	var i8 int8 = -128
	var u8 uint8 = 200
	var u64 uint64 = 18446744073709551615
	var r rune = 'é'
	var f32 float32 = 0.1
	d := 1500 * time.Millisecond
	n := 42
	s := "héllo"
	fmt.Printf("%d|%+d|% d|%5d|%-5d|%05d|%.3d|%8.3d|%x|%X|%#x|%o|%#o|%O|%b|%#b\n", n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n)
	fmt.Printf("%d|%05d|%x|%+x|%#X|%08b\n", -n, -n, -n, -n, -n, -n)
	fmt.Printf("%d %d %d %x %v %#v\n", i8, u8, u64, u64, u8, u8)
	fmt.Printf("%c|%q|%U|%#U|%5c|%-4q|%+q\n", r, r, r, r, r, r, r)
	fmt.Printf("%c %q %U\n", 65, 0x1F600, 0x1F600)
	fmt.Printf("%s|%q|%v|%10s|%-10s|%.2s|%x|%X|% x|%#x|%+q|%#q\n", s, s, s, s, s, s, s, s, s, s, s, s)
	fmt.Printf("%q %q %#q\n", "tab\there", "nl\n\x00\x7f", "back`quote")
	fmt.Printf("%05s|%5t|%-6t|%v\n", "ab", true, false, true)
	x := 3.14159265358979
	fmt.Printf("%f|%.2f|%8.3f|%-8.2f|%08.3f|%+.1f|% .2f|%e|%.3e|%E|%g|%G|%.3g|%10.4g\n", x, x, x, x, x, x, x, x, x, x, x, x, x, x)
	fmt.Printf("%v %v %v %v %v %v\n", 1e6, 123456.0, 1e-5, 0.0001, 1e21, 100.0)
	fmt.Printf("%g %g %v %.2f %e %v\n", 1e20, 1.5e-7, 1.0, 2.675, 0.0, -0.0)
	fmt.Printf("%v %g %.3f %v\n", f32, f32, f32, float32(16777216.0))
	fmt.Printf("%#g %#.3g %#v\n", 1.0, 2.5, 3.0)
	fmt.Printf("%T %T %T %T %T %T %T %T\n", n, i8, u8, r, f32, x, s, d)
	fmt.Printf("%v %s %d %5v %q\n", d, d, d, d, d)
	fmt.Printf("%d %s\n", s, n)
	fmt.Printf("%d %d\n", n)
	fmt.Printf("%d\n", n, s, x)
	fmt.Printf("%*d|%-*d|%.*f\n", 5, n, 5, n, 2, x)
	fmt.Printf("%!|%z|100%%\n", n)
	fmt.Println(n, s, x, f32, d, true, r, u8, -0.5, 1e100)
	fmt.Print(n, s, x, "a", "b", 1, 2, true, "\n")
	fmt.Println(fmt.Sprintf("%6.2f%%", 99.5), fmt.Sprint("x", 1, 2, "y"), fmt.Sprintln("end"))
}
