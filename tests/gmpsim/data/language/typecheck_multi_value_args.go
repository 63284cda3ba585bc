// f(g()) passes g's results as f's arguments, converted to f's parameter types and packed
// into a variadic parameter; unnamed and blank parameters keep their places.

package main

import "fmt"

type Named interface{ Name() string }

type Dog struct{}

func (Dog) Name() string { return "dog" }

func swap(a, b int) (int, int) { return b, a }

func pair() (int, Dog) { return 7, Dog{} }

func show(n int, x Named) string { return fmt.Sprint(n, " ", x.Name()) }

func sum(base int, rest ...int) int {
	for _, r := range rest {
		base += r
	}
	return base
}

func three() (int, int, int) { return 1, 2, 3 }

func box(_ int, v interface{}, _ bool) interface{} { return v }

func pick(int, bool) int { return 42 }

func triple() (int, interface{}, bool) { return 0, "boxed", true }

func main() {
	a, b := swap(swap(1, 2))
	fmt.Println(a, b)
	fmt.Println(show(pair()))
	fmt.Println(sum(three()), sum(swap(5, 6)))
	fmt.Println(box(triple()), pick(1, true))
	var order []int
	note := func(n int) int { order = append(order, n); return n }
	two := func() (int, int) { return note(2), note(3) }
	fmt.Println(note(1)+sum(two())+note(4), order)
}

func fmter() (string, int, string) { return "%#x %q", 100, "hello" }

func slices() ([]byte, string) { return make([]byte, 3), "abcdef" }

func entry(m map[string]int) (map[string]int, string) { return m, "b" }

func init() {
	fmt.Println(fmt.Sprintf(fmter()))
	fmt.Printf(fmter())
	fmt.Println()
	fmt.Println(three())
	fmt.Print(swap(8, 9))
	fmt.Println()
	m := map[string]int{"a": 1, "b": 2}
	delete(entry(m))
	fmt.Println(copy(slices()), len(m))
}
