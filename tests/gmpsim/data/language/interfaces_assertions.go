// Type switches (nil, several types, interface cases, default) and type assertions, comma-ok and panicking.
package main

import "fmt"

type Shape interface {
	Area() float64
}

type Sq struct{ S float64 }

func (q Sq) Area() float64 { return q.S * q.S }

type Temp float64

func classify(x any) string {
	switch v := x.(type) {
	case nil:
		return "nil"
	case int:
		return fmt.Sprint("int ", v+1)
	case string, bool:
		return fmt.Sprintf("string or bool %v", v)
	case Shape:
		return fmt.Sprintf("shape %.1f", v.Area())
	case []int:
		return fmt.Sprint("ints ", len(v))
	default:
		return fmt.Sprintf("other %T", v)
	}
}

func main() {
	for _, x := range []any{nil, 1, "s", true, Sq{2}, []int{1, 2}, Temp(3), 2.5} {
		fmt.Println(classify(x))
	}
	var x any = Sq{3}
	q, ok := x.(Sq)
	fmt.Println(q, ok)
	n, ok := x.(int)
	fmt.Println(n, ok)
	s, ok := x.(Shape)
	fmt.Println(s.Area(), ok)
	q.S = 10
	fmt.Println(x.(Sq).S, x)
	var y any = "str"
	fmt.Println(y.(int))
}
