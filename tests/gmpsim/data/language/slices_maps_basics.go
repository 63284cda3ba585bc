package main

import "fmt"

func main() {
	var s []int
	for i := 0; i < 20; i++ {
		s = append(s, i)
		fmt.Println(len(s), cap(s))
	}
	t := s[2:5]
	fmt.Println(t, len(t), cap(t))
	u := s[2:5:7]
	u = append(u, 100)
	fmt.Println(s[5], u, cap(u))
	u = append(u, 1, 2, 3)
	u[0] = 42
	fmt.Println(s[2], u)
	m := map[string]int{"a": 1, "b": 2}
	m["c"] += 3
	m["a"]++
	v, ok := m["z"]
	fmt.Println(m, v, ok, len(m))
	delete(m, "a")
	fmt.Println(m)
	sum := 0
	for k, v := range m {
		sum += v + len(k)
	}
	fmt.Println(sum)
	for i, r := range "héllo, 世界" {
		fmt.Println(i, r, string(r))
	}
	str := "hello"
	fmt.Println(str[1], str[1:3], []byte(str))
	b := make([]byte, 3, 10)
	n := copy(b, "xyz")
	fmt.Println(n, b, string(b))
	ss := []string{"x", "y"}
	ss = append(ss, ss...)
	fmt.Println(ss, len(ss), cap(ss))
	for i := range ss {
		ss[i] = ss[i] + "!"
	}
	fmt.Println(ss)
}
