// Conversions by the spec's rules: strings to and from slices whose elements are byte or rune
// types, values of identical underlying types (assignable when one is a type literal).

package main

import "fmt"

type (
	mystring string
	mybytes  []byte
	myrunes  []rune
	MyByte   byte
	MyRune   rune
)

func size(b []byte) int { return len(b) }

func main() {
	fmt.Println(len(mybytes("")), mybytes("") == nil, size(mybytes("abc")))
	fmt.Println(string([]MyByte{104, 105}), string([]MyRune{0x4e16, 0x754c}))
	fmt.Println(len(myrunes("héllo")), len([]byte(mystring("héllo"))), string(myrunes(mystring("ab"))))
	var m mybytes = []byte("xy")
	var raw []byte = m
	fmt.Println(string(raw), mystring(m), string(rune(65)), mystring(rune(66)))
	fmt.Printf("%T %T\n", mystring("a"), string(mybytes("b")))
}
