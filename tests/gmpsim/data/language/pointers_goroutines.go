package main

import (
	"fmt"
	"sync"
)

type acc struct {
	mu  sync.Mutex
	sum int
}

func worker(id int, total *int, mu *sync.Mutex, wg *sync.WaitGroup) {
	defer wg.Done()
	mu.Lock()
	*total += id
	mu.Unlock()
}

func main() {
	total := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 1; i <= 4; i++ {
		wg.Add(1)
		go worker(i, &total, &mu, &wg)
	}
	wg.Wait()
	fmt.Println(total)

	c := make(chan *int, 1)
	v := 5
	c <- &v
	got := <-c
	*got = 6
	fmt.Println(v, got == &v)

	done := make(chan bool)
	n := 0
	go func(p *int) {
		*p = 10
		done <- true
	}(&n)
	<-done
	fmt.Println(n)

	var ps []*int
	for i := 0; i < 3; i++ {
		ps = append(ps, &i)
	}
	fmt.Println(*ps[0], *ps[1], *ps[2], ps[0] == ps[1])
	var qs []*int
	for _, w := range []int{7, 8, 9} {
		qs = append(qs, &w)
	}
	fmt.Println(*qs[0], *qs[1], *qs[2])
	var fs []func() int
	for j := 0; j < 2; j++ {
		pj := &j
		fs = append(fs, func() int { return *pj + j })
	}
	fmt.Println(fs[0](), fs[1]())
}
