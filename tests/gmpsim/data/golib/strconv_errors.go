package main

import (
	"errors"
	"fmt"
	"strconv"
)

func parse(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		fmt.Println("error:", err)
		return -1
	}
	return n
}

func main() {
	fmt.Println(parse("42"), parse("4x2"), parse("99999999999999999999"))
	b, err := strconv.ParseBool("maybe")
	fmt.Println(b, err)
	f, err := strconv.ParseFloat("2.5e3", 64)
	fmt.Println(f, err, err == nil)
	i, err := strconv.ParseInt("-0x1F", 0, 16)
	fmt.Printf("%d %v %T\n", i, err, err)
	u, err := strconv.ParseUint("300", 10, 8)
	fmt.Printf("%d %v %T\n", u, err, err)
	base := errors.New("base")
	var none error
	fmt.Println(errors.Is(base, base), errors.Is(none, base), none == nil, base != nil, errors.Unwrap(base) == nil)
	fmt.Printf("%v %s %q %T %T\n", base, base, base, base, none)
}

func init() {
	base := errors.New("base")
	wrapped := fmt.Errorf("ctx %d: %w", 7, base)
	fmt.Println(wrapped, errors.Is(wrapped, base), errors.Unwrap(wrapped) == base, fmt.Errorf("bad %w", 5))
	fmt.Printf("%T %T\n", wrapped, fmt.Errorf("plain"))
	_, err := strconv.Atoi("?")
	fmt.Println(describe(err), describe(nil), len(err.Error()))
}

func describe(err error) string {
	if err == nil {
		return "ok"
	}
	return "failed: " + err.Error()
}
