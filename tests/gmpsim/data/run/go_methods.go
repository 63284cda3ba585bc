// go statements that call methods (pointer and value receivers, through an interface) and
// function values returned by calls or read from slices; the receiver and the arguments are
// evaluated by the goroutine that runs the go statement.
package main

import (
	"fmt"
	"sync"
)

type counter struct {
	lock chan bool
	n    int
}

func (c *counter) add(k int, wg *sync.WaitGroup) {
	c.lock <- true
	c.n += k
	<-c.lock
	wg.Done()
}

type greeter struct{ name string }

func (g greeter) hello(done chan bool) {
	fmt.Println("hello from", g.name)
	done <- true
}

type sayer interface{ hello(done chan bool) }

func maker(tag string) func(int, chan bool) {
	return func(i int, done chan bool) {
		fmt.Println(tag, i)
		done <- true
	}
}

func main() {
	var wg sync.WaitGroup
	c := &counter{lock: make(chan bool, 1)}
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go c.add(i, &wg)
	}
	wg.Wait()
	fmt.Println("n =", c.n)
	done := make(chan bool)
	g := greeter{"value"}
	go g.hello(done)
	g.name = "changed"
	<-done
	var s sayer = greeter{"iface"}
	go s.hello(done)
	<-done
	go maker("made")(7, done)
	<-done
	fs := []func(int, chan bool){maker("indexed")}
	go fs[0](8, done)
	<-done
}
