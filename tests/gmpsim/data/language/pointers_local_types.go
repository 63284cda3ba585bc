package main

import "fmt"

type T struct{ a int }

type celsius float64

func describe() string {
	type T struct {
		name string
		n    int
	}
	t := T{"local", 2}
	return fmt.Sprintf("%v %+v %T", t, t, t)
}

type list struct {
	head *node
}

type node struct {
	v    int
	next *node
}

func main() {
	fmt.Println(T{1}, describe())
	type celsius int
	var c celsius = 3
	fmt.Printf("%v %T\n", c, c)
	{
		type T []string
		x := T{"a", "b"}
		fmt.Println(x, len(x))
	}
	fmt.Printf("%T\n", T{})

	type item struct {
		key  string
		next *item
	}
	first := &item{key: "a"}
	first.next = &item{key: "b"}
	for it := first; it != nil; it = it.next {
		fmt.Print(it.key, " ")
	}
	fmt.Println()

	type pair [2]int
	p := new(pair)
	p[1] = 5
	fmt.Println(*p)

	f := func() int {
		type acc struct{ total int }
		a := acc{}
		for i := 1; i <= 3; i++ {
			a.total += i
		}
		return a.total
	}
	fmt.Println(f())

	l := list{}
	for i := 3; i > 0; i-- {
		l.head = &node{i, l.head}
	}
	for n := l.head; n != nil; n = n.next {
		fmt.Print(n.v)
	}
	fmt.Println()

	type number int
	nums := []number{3, 1, 2}
	var sum number
	for _, n := range nums {
		sum += n
	}
	fmt.Println(sum, number(7)+sum)
}
