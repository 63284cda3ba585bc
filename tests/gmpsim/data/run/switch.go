// switch with and without a tag, fallthrough, break and continue inside cases.
package main

import "fmt"

func classify(n int) string {
	switch {
	case n < 0:
		return "negative"
	case n == 0:
		return "zero"
	case n < 10:
		return "small"
	}
	return "large"
}

func main() {
	for i := 0; i < 6; i++ {
		switch i {
		case 0, 1:
			fmt.Println(i, "low")
			fallthrough
		case 2:
			fmt.Println(i, "two-ish")
		case 3:
			continue
		default:
			if i == 5 {
				break
			}
			fmt.Println(i, "default")
		}
		fmt.Println("end", i)
	}
	fmt.Println(classify(-3), classify(0), classify(7), classify(70))
}
