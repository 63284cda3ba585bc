// Multiple results, named results, variadic functions (packed, empty, s...).
package main

import "fmt"

func divmod(a, b int) (q, r int) {
	q = a / b
	r = a % b
	return
}

func sum(label string, xs ...int) string {
	total := 0
	for _, x := range xs {
		total += x
	}
	return fmt.Sprintf("%s=%d (%d args, nil %v)", label, total, len(xs), xs == nil)
}

func swap(a, b string) (string, string) { return b, a }

func main() {
	q, r := divmod(17, 5)
	fmt.Println(q, r)
	a, b := swap("x", "y")
	fmt.Println(a, b)
	fmt.Println(sum("none"))
	fmt.Println(sum("three", 1, 2, 3))
	nums := []int{10, 20, 30}
	fmt.Println(sum("spread", nums...))
	_, r2 := divmod(-7, 2)
	fmt.Println(r2)
}
