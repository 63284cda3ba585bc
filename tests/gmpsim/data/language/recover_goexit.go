package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		defer func() { fmt.Println("recover during Goexit:", recover()) }()
		func() {
			defer fmt.Println("inner deferred")
			runtime.Goexit()
		}()
		fmt.Println("not reached")
	}()
	go func() {
		defer wg.Done()
		defer fmt.Println("Goexit goes on after the recovered panic")
		defer func() { fmt.Println("recovered", recover()) }()
		defer func() { panic("during Goexit") }()
		runtime.Goexit()
	}()
	go func() {
		defer wg.Done()
		defer func() { fmt.Println("recover once Goexit took over:", recover()) }()
		defer runtime.Goexit()
		panic("aborted by Goexit")
	}()
	wg.Wait()
	fmt.Println("main done")
}
