// Case 1: a goroutine that spins forever does not stop main from running
// when there is more than one P.
package main

import (
	"fmt"
	"time"
)

func deadloop() {
	for {
	}
}

func main() {
	go deadloop()
	for {
		time.Sleep(time.Second * 1)
		fmt.Println("I got scheduled!")
	}
}
