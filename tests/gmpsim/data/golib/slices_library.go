package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

func main() {
	parts := strings.Split("b,a,c", ",")
	sort.Strings(parts)
	fmt.Println(parts, len(parts), strings.Join(parts, "+"), len(os.Args))
	words := strings.Fields("  the quick  brown fox ")
	fmt.Printf("%q %d\n", words, len(words))
	nums := []int{5, 2, 9, 1}
	sort.Ints(nums)
	fmt.Println(nums, sort.SearchInts(nums, 5), sort.IntsAreSorted(nums))
	fmt.Printf("%v %q\n", strings.SplitN("a:b:c", ":", 2), strings.SplitAfter("x.y", "."))
}
