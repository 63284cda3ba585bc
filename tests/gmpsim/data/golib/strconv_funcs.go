package main

import (
	"fmt"
	"strconv"
)

func main() {
	fmt.Println(strconv.Itoa(0), strconv.Itoa(-9223372036854775808), strconv.FormatInt(-255, 16), strconv.FormatInt(35, 36), strconv.FormatInt(5, 2))
	fmt.Println(strconv.FormatBool(true), strconv.FormatBool(false))
	fmt.Println(strconv.FormatFloat(3.14159, 'f', 2, 64), strconv.FormatFloat(1234.5678, 'e', 3, 64), strconv.FormatFloat(0.000012, 'g', -1, 64), strconv.FormatFloat(0.1, 'g', -1, 32), strconv.FormatFloat(100, 'f', -1, 64))
	fmt.Println(strconv.Quote("hello\n\"world\"\t\x00é😀\u200b\xff"), strconv.QuoteToASCII("é😀"), strconv.QuoteRune('☺'), strconv.QuoteRune('\n'), strconv.QuoteRune('\''))
	fmt.Println(strconv.IsPrint('a'), strconv.IsPrint('\u00a0'), strconv.IsPrint('é'), strconv.IsPrint(0x7f))
}
