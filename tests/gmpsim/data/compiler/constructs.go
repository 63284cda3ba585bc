// Most constructs the front end supports, in small functions: their inline costs and
// whether each is a NOSPLIT leaf, against the real compilers.
package main

import (
	"fmt"
	"sync"
)

type point struct{ x, y int }

func (p *point) move(dx int) { p.x += dx }
func (p point) sum() int    { return p.x + p.y }

type shape interface{ area() int }

const (
	a = iota
	b
)

func e1(s string) []byte   { return []byte(s) }
func e2(b []byte) string   { return string(b) }
func e3(n int) float64     { return float64(n) }
func e4(p *int) int        { return *p }
func e5(x int) *int        { return &x }
func e6(v any) int         { return v.(int) }
func e8() struct{}         { return struct{}{} }
func e9() map[string]int   { return map[string]int{"a": 1} }
func f1() [2]int           { return [...]int{1, 2} }
func f2(s []int) []int     { return s[1:2:3] }
func f3(x int) int         { return -x ^ x }
func f4(c chan int) int    { return <-c }
func f5(c chan int) (int, bool) {
	v, ok := <-c
	return v, ok
}
func f6(m map[string]int) (int, bool) {
	v, ok := m["k"]
	return v, ok
}
func f7(c chan int) {
	select {
	case c <- 1:
	case v := <-c:
		_ = v
	default:
	}
}
func f8(c chan int) int {
	t := 0
	for v := range c {
		t += v
	}
	return t
}
func f9(n int) int {
	switch x := n * 2; x {
	case 1:
		fallthrough
	case 2:
		return 3
	}
	return 0
}
func g1(v any) int {
	switch v.(type) {
	case int, int64:
		return 1
	case string:
		return 2
	}
	return 0
}
func g2(p *point) func(int) { return p.move }
func g3() func(point) int   { return point.sum }
func g4(n int) int {
loop:
	for i := 0; i < n; i++ {
		if i == 3 {
			continue loop
		}
		if i == 5 {
			goto done
		}
	}
done:
	return n
}
func g5(r rune) string { return string(r) + `raw` + "\n" }
func g6(wg *sync.WaitGroup) { wg.Done() }
func g7(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
}
func g8(s shape) int { return s.area() }
func g9(xs ...int) int { return len(xs) + a + b }
func h1() int { return g9(1, 2, 3) + g9([]int{1}...) }
func h2(n uint8) uint8 { return n << 2 >> 1 }
func h3(x, y int) bool { return x > y && y != 0 || !(x == y) }
func h4() { var p point; p.move(1); _ = p.sum() }
func h5(b []byte) int { return copy(b, "x") }
func h6() []int { s := make([]int, 0, 4); return append(s, 1, 2) }
func h7(m map[int]int) { delete(m, 1) }

type handlers struct {
	n  int
	on func() int
}

func h8(h handlers) int      { return h.on() }
func h9(h *handlers) int     { return h.on() }
func i1(fs []func() int) int { return fs[0]() }

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); fmt.Println("x") }()
	wg.Wait()
	fmt.Printf("%v %d\n", h1(), e3(1))
}
