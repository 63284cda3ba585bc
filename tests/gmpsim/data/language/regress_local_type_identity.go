// Types declared in functions are distinct from the package's type of the same name and from
// each other: assertions, type switches and interface comparisons tell them apart, fmt and
// the panic messages print them by name, "(types from different scopes)" when names agree;
// %T of a pointer to a struct names the pointer type.

package main

import "fmt"

type T struct{ a, b int }

func (t T) String() string { return fmt.Sprint("package T ", t.a) }

func inner(x interface{}) interface{} {
	type T struct{ a, b int }
	if x == nil {
		return T{2, 3}
	}
	t, ok := x.(T)
	fmt.Println("inner T?", ok, t.a, t.b)
	return x
}

func other() interface{} {
	type T struct{ a, b int }
	return &T{4, 5}
}

func classify(x interface{}) string {
	switch v := x.(type) {
	case T:
		return "package T " + fmt.Sprint(v.a)
	case *T:
		return "pointer to package T"
	default:
		return fmt.Sprintf("something else: %T %v", v, v)
	}
}

func assertPackageT(x interface{}) {
	defer func() { fmt.Println(recover()) }()
	fmt.Println(x.(T))
}

func assertPointer(x interface{}) {
	type T struct{ a, b int }
	defer func() { fmt.Println(recover()) }()
	fmt.Println(x.(*T))
}

func main() {
	local := inner(nil)
	inner(local)
	inner(T{5, 7})
	fmt.Println(classify(local), "|", classify(T{1, 1}), "|", classify(other()))
	fmt.Println(local == interface{}(T{2, 3}), local == inner(nil))
	fmt.Printf("%T %v %+v\n", local, local, local)
	assertPackageT(local)
	assertPointer(other())
	m := map[interface{}]string{local: "local", T{2, 3}: "package"}
	fmt.Println(len(m), m[T{2, 3}], m[inner(nil)])
}
