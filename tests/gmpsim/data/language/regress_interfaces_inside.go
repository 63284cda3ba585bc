package main

import "fmt"

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type Pair struct {
	A, B interface{}
}

func main() {
	s := []interface{}{1, "a", nil, 2.5, Celsius(21)}
	fmt.Println(s, len(s))
	fmt.Printf("%v|%d|%s\n", s, s, s)
	m := map[interface{}]int{1: 2}
	fmt.Println(m)
	byName := map[string]interface{}{"t": Celsius(3), "n": nil, "x": []int{1}}
	fmt.Println(byName)
	fmt.Printf("%v %+v\n", Pair{1, nil}, Pair{"x", Celsius(1)})
	var arr [2]interface{}
	arr[1] = true
	fmt.Println(arr)
}

type Plain float64

func init() {
	var i interface{} = Celsius(3)
	fmt.Printf("%d %d %v %x\n", Celsius(2), i, Plain(4), Celsius(2))
}
