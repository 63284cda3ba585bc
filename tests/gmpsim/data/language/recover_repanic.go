package main

import "fmt"

func main() {
	defer fmt.Println("outer deferred call still runs")
	defer func() {
		r := recover()
		fmt.Println("recovered", r)
		panic(r)
	}()
	panic("first")
}
