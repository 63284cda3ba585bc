// Comparing an interface value with a value assignable to it compares two interface values;
// conversions to interface types are assignments; multi-value results converted on assignment.

package main

import "fmt"

type Shape interface{ Area() int }

type Square struct{ side int }

func (s Square) Area() int { return s.side * s.side }

type Label string

func (l Label) Area() int { return len(l) }

func pair() (Square, bool) { return Square{3}, true }

func asShape() (Shape, bool) { return pair() }

func main() {
	var i interface{} = 1
	fmt.Println(i == 1, i != 1, i == 1.0, i == "1", 1 == i)
	var b interface{} = 2 > 1
	fmt.Println(b == true, b != false, false == b)
	var s Shape = Square{2}
	fmt.Println(s == Square{2}, s == Square{3}, s != Label("ab"), Square{2} == s)
	x := interface{}("hello")
	y := interface{}(Square{4})
	fmt.Println(x == "hello", y == interface{}(Square{4}), x == y)
	switch x {
	case 42:
		fmt.Println("42")
	case "hello":
		fmt.Println("hello")
	}
	switch t := interface{}(true); {
	case t:
		fmt.Println("tagless case on an interface holding true")
	}
	c := make(chan int, 1)
	c <- 7
	select {
	case i = <-c:
	}
	fmt.Println(i == 7, i)
	var ok bool
	s, ok = pair()
	fmt.Println(s.Area(), ok)
	s2, ok2 := asShape()
	fmt.Println(s2.Area(), ok2, Shape(Label("four")).Area())
	var any1, any2 interface{} = Shape(Square{1}), Square{1}
	fmt.Println(any1 == any2)
}
