package main

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

func main() {
	s := "héllo, 世界\xff!"
	fmt.Println(len(s), utf8.RuneCountInString(s), utf8.ValidString(s), utf8.ValidString("ok"))
	r, size := utf8.DecodeRuneInString("éllo")
	fmt.Println(r, size, string(r))
	r, size = utf8.DecodeRuneInString("\xff")
	fmt.Println(r, size, r == utf8.RuneError)
	r, size = utf8.DecodeRuneInString("")
	fmt.Println(r, size)
	r, size = utf8.DecodeLastRuneInString("世界")
	fmt.Println(r, size)
	fmt.Println(utf8.RuneLen('a'), utf8.RuneLen('é'), utf8.RuneLen('世'), utf8.RuneLen(0x1F600), utf8.RuneLen(-1), utf8.RuneLen(0xD800))
	fmt.Println(utf8.ValidRune(0x10FFFF), utf8.ValidRune(0x110000), utf8.RuneStart(0x80), utf8.RuneStart('a'), utf8.UTFMax, utf8.RuneSelf)
	fmt.Println(unicode.IsSpace(' '), unicode.IsSpace('\u2003'), unicode.IsSpace('x'), unicode.IsLetter('é'), unicode.IsDigit('٣'), unicode.IsUpper('A'), unicode.IsLower('A'))
	fmt.Println(unicode.IsPunct('!'), unicode.IsNumber('½'), unicode.ToUpper('é'), unicode.ToLower('Ω'), string(unicode.ToUpper('ß')))
}
