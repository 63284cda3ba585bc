package main

import "fmt"

func main() {
	switch {
	}
	switch tag := 0; tag {
	}
	switch n := 3; n {
	default:
	}
	var v interface{} = 1
	switch v.(type) {
	}
	for i := 0; i < 3; i++ {
	}
	if true {
	} else {
	}
	func() {}()
	total := 0
	for i := range []int{1, 2} {
		switch i {
		case 0:
		case 1:
			total += 10
		}
	}
	fmt.Println("done", total)
}
