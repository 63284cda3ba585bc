// Integer, float and string semantics of the subset gmpsim runs.
package main

import (
	"fmt"
	"time"
)

const (
	a = iota * 10
	b
	c
)

const big = 1 << 62

var counter int = 7
var label = "count"

func divmod(x, y int) (q, r int) {
	q = x / y
	r = x % y
	return
}

func pair(n int) (int, string) {
	return n * 2, "twice"
}

func bump() {
	counter += 3
	counter++
}

func main() {
	var i8 int8 = 127
	i8++
	var u8 uint8 = 0
	u8--
	x := big
	x = x * 4
	q, r := divmod(-7, 2)
	fmt.Println(a, b, c, i8, u8, x, q, r)
	n, word := pair(21)
	fmt.Println(n, word, 7/2, -7/2, 7%-3, 1<<10, 0x1F, 0o17, 1_000_000)
	fmt.Println(3.0, 2.5, 1e6, 123456789.0, 0.000012, 10/4.0, float64(7)/2)
	fmt.Printf("%d|%5d|%-5d|%05d|%x|%X|%o|%b|%c|%q|%v|%t|%%\n", 42, 42, 42, -42, 255, 255, 8, 5, 'G', "hi", true, false)
	fmt.Printf("%s|%10s|%-10s|%.2f|%8.3f|%e|%g\n", "go", "right", "left", 3.14159, 2.5, 1234.5678, 0.000001)
	fmt.Println(time.Second*3/2, 1500*time.Millisecond, 90*time.Second, 2*time.Hour+3*time.Minute, time.Duration(0), 250*time.Microsecond)
	bump()
	bump()
	fmt.Println(label, counter)
	s := "héllo" + ", " + string('w') + string(rune(246)) + `raw\n`
	fmt.Println(s, len(s), s == "x", s != "x", "abc" < "abd")
	total := 0
	for i := 0; i < 10; i++ {
		if i%2 == 0 {
			continue
		}
		if i > 7 {
			break
		}
		total += i
	}
	k := 0
	for k < 5 {
		k += 2
	}
	for {
		k--
		if k < 0 {
			break
		}
	}
	if total > 100 {
		fmt.Println("big")
	} else if total > 10 {
		fmt.Println("medium", total, k)
	} else {
		fmt.Println("small")
	}
	fmt.Print("a", "b", 1, 2, true, "\n")
	println("to stderr", 42, true)
}
