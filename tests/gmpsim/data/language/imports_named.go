package main

import (
	f "fmt"
	_ "math"
	o "os"
	rt "runtime"
	str "strings"
	s "sync"
	tm "time"
)

type counter struct {
	mu s.Mutex
	n  int
}

func main() {
	var c counter
	var wg s.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.mu.Lock()
			c.n++
			c.mu.Unlock()
		}()
	}
	wg.Wait()
	var d tm.Duration = 3 * tm.Millisecond
	f.Println(c.n, d, str.ToUpper("named"), rt.NumGoroutine())
	f.Fprintln(o.Stderr, "to stderr")
	v, ok := o.LookupEnv("GMPSIM_SURELY_UNSET")
	f.Printf("%q %q %v %v\n", o.Getenv("GMPSIM_SURELY_UNSET"), v, ok, rt.GOOS)
	fmt := "shadows nothing imported"
	f.Println(fmt)
	o.Exit(3)
}
