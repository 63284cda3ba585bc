package main

import "fmt"

type T struct{ a int }

func main() {
	arr := [3]int{1, 2, 3}
	fmt.Println(&arr)
	fmt.Printf("%v %+v\n", &arr, &T{4})
	sl := []string{"a"}
	fmt.Println(&sl)
	m := map[string]int{"k": 1}
	fmt.Println(&m)
	x := 1
	p := &x
	fmt.Printf("%T %T %T\n", p, &arr, &p)
	fmt.Println(p == nil, fmt.Sprintf("%p", p) == fmt.Sprintf("%p", &x), fmt.Sprint(p) == fmt.Sprintf("%p", p))
	fmt.Println(fmt.Sprintf("%p", &arr[0]) == fmt.Sprintf("%p", &arr[0]), fmt.Sprintf("%p", &arr[0]) != fmt.Sprintf("%p", &arr[1]))
	var np *int
	fmt.Println(np)
	fmt.Printf("%v %p\n", np, np)
}
