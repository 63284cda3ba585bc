// Predeclared names (true, nil, iota, len, any, …) are in the universe scope: the program may
// declare its own, which shadow them wherever they are in scope.

package main

import "fmt"

const (
	nil  = 3
	iota = 7
	bool = nil + iota
)

var v, ok any = any(nil).(int)

func main() {
	fmt.Println(nil, iota, bool, v, ok)
	true := 0
	len := func(s string) int { return 2 * true }
	false, string := true+1, "text"
	append := len(string) + false
	fmt.Println(true, false, string, append)
	{
		const true = 10
		fmt.Println(true > false)
	}
}
