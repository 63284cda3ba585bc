package main

import (
	"bytes"
	"fmt"
)

func main() {
	var buf bytes.Buffer
	buf.WriteString("abc")
	buf.WriteByte('d')
	fmt.Fprintf(&buf, "%03d", 7)
	fmt.Println(buf.String(), buf.Len())
	fmt.Println(bytes.Equal([]byte("ab"), []byte("ab")), bytes.Equal(nil, []byte{}), bytes.Contains([]byte("hello"), []byte("ell")), bytes.Contains([]byte("x"), nil))
}
