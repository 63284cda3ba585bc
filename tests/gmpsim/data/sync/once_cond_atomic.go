package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type counter struct {
	mu   sync.RWMutex
	n    map[string]int
	hits int64
}

var total int32
var c = &counter{n: map[string]int{}}
var wg sync.WaitGroup
var once sync.Once
var ai atomic.Int64
var au atomic.Uint32
var ab atomic.Bool

//go:noinline
func work(i int) {
	defer wg.Done()
	once.Do(hello)
	c.mu.Lock()
	c.n["k"] += i
	c.mu.Unlock()
	c.mu.RLock()
	_ = c.n["k"]
	c.mu.RUnlock()
	atomic.AddInt32(&total, 2)
	atomic.AddInt64(&c.hits, 1)
	ai.Add(3)
	au.Add(^uint32(0))
	ab.Store(true)
}

//go:noinline
func hello() { fmt.Println("once") }

var mu sync.Mutex
var cond = sync.NewCond(&mu)
var ready int
var done = make(chan int)

//go:noinline
func waiter(i int) {
	mu.Lock()
	for ready == 0 {
		cond.Wait()
	}
	ready--
	mu.Unlock()
	done <- i
}

func main() {
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go work(i)
	}
	wg.Wait()
	fmt.Println(c.n["k"], atomic.LoadInt32(&total), atomic.LoadInt64(&c.hits), ai.Load(), au.Load(), ab.Load())
	swapped := atomic.CompareAndSwapInt32(&total, 10, 11)
	failed := atomic.CompareAndSwapInt32(&total, 10, 12)
	old := atomic.SwapInt32(&total, 1)
	fmt.Println(swapped, failed, old, total, ai.CompareAndSwap(15, 0), ai.Swap(4), ai.Load())
	for i := 0; i < 3; i++ {
		go waiter(i)
	}
	for i := 0; i < 3; i++ {
		mu.Lock()
		ready++
		cond.Signal()
		mu.Unlock()
		fmt.Println("woke", <-done)
	}
	var v atomic.Value
	fmt.Println(v.Load() == nil)
	v.Store("hello")
	fmt.Println(v.Load().(string), v.Swap("world"), v.CompareAndSwap("world", "again"), v.Load())
	cond.L.Lock()
	cond.Broadcast()
	cond.L.Unlock()
	once.Do(hello)
	fmt.Println("end")
}
