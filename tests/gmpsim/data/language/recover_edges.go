package main

import (
	"fmt"
	"sync"
)

type Recoverer interface{ Recover() }

type R struct{ name string }

func (r *R) Recover() { fmt.Println(r.name, "recovered", recover()) }

func viaInterface() {
	var i Recoverer = &R{"iface"}
	defer i.Recover()
	panic("through an interface")
}

func helper() {
	defer func() { fmt.Println("helper's own defer sees", recover()) }()
}

func nestedNormal() {
	defer func() {
		helper()
		fmt.Println("outer recovers", recover())
	}()
	panic("outer")
}

func blocking() (out string) {
	c := make(chan string)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c <- "from goroutine"
	}()
	defer func() {
		recover()
		out = <-c
		wg.Wait()
	}()
	panic("blocked")
}

func recursive(n int) (r int) {
	defer func() {
		if e := recover(); e != nil {
			r = n * 100
		}
	}()
	if n == 0 {
		panic("bottom")
	}
	return recursive(n-1) + 1
}

func main() {
	viaInterface()
	nestedNormal()
	fmt.Println(blocking())
	fmt.Println(recursive(3))
}
