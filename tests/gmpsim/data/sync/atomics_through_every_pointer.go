package main

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

type stats struct {
	mu    sync.Mutex
	hits  int64
	flags [2]uint32
	seen  atomic.Int32
	log   strings.Builder
}

func (s *stats) record(i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(&s.log, "%d;", i)
}

func bump(p *int64, by int64) int64 { return atomic.AddInt64(p, by) }

func main() {
	var total int64 // a local whose address is taken: it lives in a cell
	counts := make([]int32, 3)
	s := &stats{}
	lock := &s.mu // a pointer to a sync field is the Mutex itself
	shared := new(sync.Mutex)
	other := &sync.Mutex{}
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			bump(&total, int64(i))
			atomic.AddInt32(&counts[i%3], 1)
			atomic.AddInt64(&s.hits, 2)
			atomic.StoreUint32(&s.flags[i%2], uint32(i))
			s.seen.Add(1)
			lock.Lock()
			lock.Unlock()
			shared.Lock()
			other.Lock()
			other.Unlock()
			shared.Unlock()
			s.record(i)
			runtime.Gosched()
		}(i)
	}
	wg.Wait()
	fmt.Println(atomic.LoadInt64(&total), total, counts, s.hits, s.flags, s.seen.Load())
	fmt.Println(s.log.Len(), atomic.CompareAndSwapInt64(&total, 15, 1), total)
	seen := &s.seen
	fmt.Println(seen.Swap(0), s.seen.Load())

	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	again := new(runtime.MemStats)
	runtime.ReadMemStats(again)
	fmt.Println(m.NumGC > 0, again.NumGC >= m.NumGC, m.EnableGC)
}
