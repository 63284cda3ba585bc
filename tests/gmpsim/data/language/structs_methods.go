// Methods on values and pointers: automatic & and *, promoted methods, copies for value receivers.
package main

import "fmt"

type Counter struct {
	name string
	n    int
}

func (c *Counter) Inc() { c.n++ }

func (c *Counter) Add(k int) *Counter {
	c.n += k
	return c
}

func (c Counter) Get() int { return c.n }

func (c Counter) Reset() int {
	c.n = 0 // a copy: the caller's counter keeps its count
	return c.n
}

type Celsius float64

func (c Celsius) Fahrenheit() float64 { return float64(c)*9/5 + 32 }

type Named struct {
	*Counter
	Label string
}

type Stack struct {
	items []int
}

func (s *Stack) Push(v int) { s.items = append(s.items, v) }

func (s *Stack) Pop() (int, bool) {
	if len(s.items) == 0 {
		return 0, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

func main() {
	var c Counter
	c.Inc()
	c.Inc()
	p := &c
	p.Inc()
	fmt.Println(c.Get(), p.Get(), c.Reset(), c.n)
	fmt.Println(p.Add(5).Add(10).Get())
	fmt.Println(Celsius(100).Fahrenheit())
	n := Named{&Counter{name: "x"}, "lbl"}
	n.Inc()
	n.Add(2)
	fmt.Println(n.Get(), n.name, n.Label)
	var s Stack
	for i := 0; i < 5; i++ {
		s.Push(i * i)
	}
	for {
		v, ok := s.Pop()
		if !ok {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println(len(s.items), cap(s.items))
	var np *Counter
	fmt.Println(np == nil)
	np.Inc()
}
