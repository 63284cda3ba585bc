package main

import (
	"fmt"
	"strings"
)

func main() {
	s := "  Hello, Wörld! ß\t\n"
	t := strings.TrimSpace(s)
	fmt.Printf("%q %q %q\n", t, strings.ToUpper(t), strings.ToLower(t))
	fmt.Println(strings.Contains(t, "Wö"), strings.Contains(t, ""), strings.ContainsAny(t, "xyz!"), strings.ContainsRune(t, 'ö'))
	fmt.Println(strings.Count("cheese", "e"), strings.Count("five", ""), strings.Count("ab\xffcd", ""))
	fmt.Println(strings.HasPrefix(t, "Hell"), strings.HasSuffix(t, "ß"), strings.Index(t, "o"), strings.LastIndex(t, "o"))
	fmt.Println(strings.IndexByte(t, 'W'), strings.IndexRune(t, 'ö'), strings.IndexRune("a\xffb", 0xFFFD), strings.IndexAny(t, "öl"))
	fmt.Println(strings.Compare("a", "b"), strings.Compare("b", "a"), strings.Compare("x", "x"), strings.EqualFold("Go", "GO"), strings.EqualFold("Straße", "STRASSE"))
	fmt.Printf("%q %q %q\n", strings.Repeat("na", 4), strings.Replace("oink oink oink", "k", "ky", 2), strings.Replace("oink oink", "oink", "moo", -1))
	fmt.Printf("%q %q %q\n", strings.Replace("abc", "", "-", -1), strings.Replace("abc", "", "-", 2), strings.ReplaceAll("ééé", "é", "e"))
	fmt.Printf("%q %q %q %q\n", strings.Trim("xxhixx", "x"), strings.TrimLeft("¡¡hola!!", "!¡"), strings.TrimRight("hola!!", "!"), strings.Trim("", "x"))
	fmt.Printf("%q %q %q %q\n", strings.TrimPrefix("prefix-body", "prefix-"), strings.TrimSuffix("body.go", ".go"), strings.TrimPrefix("abc", "x"), strings.TrimSpace("\u00a0\u2003x\u0085"))
	before, after, found := strings.Cut("key=value=x", "=")
	fmt.Println(before, after, found)
	before, after, found = strings.Cut("novalue", "=")
	fmt.Printf("%q %q %v\n", before, after, found)
	fmt.Printf("%q %q\n", strings.ToUpper("ǆ ﬃ ɐ"), strings.ToLower("ÀÉÎ \xff"))
}
