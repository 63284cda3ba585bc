// Interfaces: method sets (value and pointer receivers), dynamic dispatch, %v/%T of interface values.
package main

import "fmt"

type Shape interface {
	Area() float64
	Name() string
}

type Rect struct{ W, H float64 }

func (r Rect) Area() float64 { return r.W * r.H }
func (r Rect) Name() string   { return "rect" }

type Circle struct{ R float64 }

func (c *Circle) Area() float64 { return 3 * c.R * c.R }
func (c *Circle) Name() string   { return "circle" }

func describe(s Shape) string {
	return fmt.Sprintf("%s %.1f", s.Name(), s.Area())
}

func main() {
	shapes := []Shape{Rect{2, 3}, &Circle{1}}
	for _, s := range shapes {
		fmt.Println(describe(s))
	}
	var x any = 42
	fmt.Println(x)
	fmt.Printf("%v %T\n", x, x)
	x = "hi"
	fmt.Printf("%v %T\n", x, x)
	x = shapes[0]
	fmt.Printf("%v %T\n", x, x)
	var s Shape
	fmt.Println(s == nil)
}
