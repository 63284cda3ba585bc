package main

import (
	"fmt"
	"strings"
)

func has(s string) bool {
	return strings.Contains(s, "x")
}

func main() {
	fmt.Println(has("axb"), has("ab"))
}
