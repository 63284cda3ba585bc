package main

import (
	"fmt"
	"strings"
)

type T struct {
	b strings.Builder
}

func main() {
	var b strings.Builder
	b.WriteString("hello")
	b.WriteByte(' ')
	b.WriteRune('世')
	n, err := b.WriteString("!")
	fmt.Fprintf(&b, " %d-%s", 42, "x")
	fmt.Fprintln(&b, " end")
	fmt.Println(b.String(), b.Len(), n, err)
	b.Reset()
	b.Write([]byte("bytes"))
	fmt.Println(b.String())
	var t T
	t.b.WriteString("field")
	p := &t.b
	p.WriteString("+")
	fmt.Println(t.b.String())
}
