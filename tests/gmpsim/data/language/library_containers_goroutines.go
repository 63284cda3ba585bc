// container/heap and container/ring between goroutines: a k-way merge of sorted channels
// through a heap whose Less reports to a logger goroutine over a channel (the program's methods
// block inside heap's functions), a ring buffer serving as an unbounded queue between a producer
// and a slow consumer, and Ring.Do handing each value to a worker over an unbuffered channel.
package main

import (
	"container/heap"
	"container/ring"
	"fmt"
	"sync"
)

type head struct {
	value int
	from  <-chan int
}

type heads struct {
	items []head
	log   chan<- string
}

func (h *heads) Len() int { return len(h.items) }

func (h *heads) Less(i, j int) bool {
	h.log <- fmt.Sprintf("%d<%d", h.items[i].value, h.items[j].value)
	return h.items[i].value < h.items[j].value
}

func (h *heads) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }

func (h *heads) Push(x any) { h.items = append(h.items, x.(head)) }

func (h *heads) Pop() any {
	last := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return last
}

func sorted(step, n int) <-chan int {
	c := make(chan int)
	go func() {
		for i := 1; i <= n; i++ {
			c <- i * step
		}
		close(c)
	}()
	return c
}

func merge(log chan<- string, inputs ...<-chan int) <-chan int {
	out := make(chan int)
	go func() {
		h := &heads{log: log}
		for _, in := range inputs {
			if v, ok := <-in; ok {
				h.items = append(h.items, head{v, in})
			}
		}
		heap.Init(h)
		for h.Len() > 0 {
			out <- h.items[0].value
			if v, ok := <-h.items[0].from; ok {
				h.items[0].value = v
				heap.Fix(h, 0)
			} else {
				heap.Pop(h)
			}
		}
		close(out)
	}()
	return out
}

// queue forwards what arrives on in to out in order, holding any backlog in a growing ring
func queue(in <-chan int, out chan<- int) {
	first := ring.New(2)
	last := first
	size := 2
	for in != nil || first != last {
		var send chan<- int
		var next int
		if first != last {
			send, next = out, first.Value.(int)
		}
		select {
		case v, ok := <-in:
			if !ok {
				in = nil
				continue
			}
			last.Value = v
			if last.Next() == first {
				last.Link(ring.New(size))
				size *= 2
			}
			last = last.Next()
		case send <- next:
			first = first.Next()
		}
	}
	close(out)
	fmt.Println("queue drained:", first == last, first.Len() >= 2)
}

func main() {
	log := make(chan string, 4)
	var logged []string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for s := range log {
			logged = append(logged, s)
		}
	}()
	var merged []int
	for v := range merge(log, sorted(3, 4), sorted(5, 3), sorted(2, 5), sorted(7, 0)) {
		merged = append(merged, v)
	}
	close(log)
	wg.Wait()
	fmt.Println(merged)
	fmt.Println(len(logged), logged[:6])

	in, out := make(chan int), make(chan int)
	go queue(in, out)
	go func() {
		for i := 0; i < 20; i++ {
			in <- i * i
		}
		close(in)
	}()
	total := 0
	for v := range out {
		total += v
	}
	fmt.Println("total", total)

	r := ring.New(4)
	for i := 0; i < 4; i++ {
		r.Value = fmt.Sprint("job", i)
		r = r.Next()
	}
	jobs, done := make(chan string), make(chan string)
	for w := 0; w < 2; w++ {
		go func(w int) {
			for j := range jobs {
				done <- fmt.Sprintf("%s by %d", j, w)
			}
		}(w)
	}
	go func() {
		r.Do(func(v any) { jobs <- v.(string) })
		close(jobs)
	}()
	results := map[string]bool{}
	for i := 0; i < 4; i++ {
		results[(<-done)[:4]] = true
	}
	fmt.Println(len(results), results["job0"], results["job3"])
}
