// Calls of library functions and methods, and the implicit nodes around them: receivers
// taken by address (&x.f is free from go1.22 at offset 0), promoted methods, conversions to
// interfaces on assignment and return, f(xs...) and library types named in new.
package main

import (
	"container/heap"
	"container/ring"
	"fmt"
	"math"
	"math/rand"
	"runtime"
	"runtime/debug"
	"sync"
	"unsafe"
)

var mu sync.Mutex
var wg sync.WaitGroup
var rw sync.RWMutex
var once sync.Once
var shared = new(sync.Mutex)
var cond = sync.NewCond(shared)
var plain sync.Cond

type counter struct {
	mu sync.Mutex
	wg sync.WaitGroup
	n  int
}

type guarded struct {
	sync.Mutex
	n int
}

type shape interface{ area() int }

type square int

func (s square) area() int { return int(s * s) }

var current shape
var anything any

func lockGlobal()               { mu.Lock() }
func unlockGlobal()             { mu.Unlock() }
func lockShared()               { shared.Lock() }
func lockLocal() int            { var m sync.Mutex; m.Lock(); return 1 }
func lockParam(m *sync.Mutex)   { m.Lock() }
func (c *counter) lock()        { c.mu.Lock() }
func (c *counter) done()        { c.wg.Done() }
func (c *counter) first() *sync.Mutex { return &c.mu }
func (c *counter) third() *int  { return &c.n }
func (g *guarded) lock()        { g.Lock() }
func (g *guarded) unlock()      { g.Mutex.Unlock() }
func readLock()                 { rw.RLock() }
func readUnlock()               { rw.RUnlock() }
func writeLock()                { rw.Lock() }
func setup()                    {}
func doOnce()                   { once.Do(setup) }
func done()                     { wg.Done() }
func add()                      { wg.Add(1) }
func wait()                     { wg.Wait() }
func doneParam(w *sync.WaitGroup) { w.Done() }
func collect()                  { runtime.GC() }
func finalize(p *int)           { runtime.SetFinalizer(p, nil) }
func percent(n int) int         { return debug.SetGCPercent(n) }
func negative(x float64) bool   { return math.Signbit(x) }
func bits64(x float64) uint64   { return math.Float64bits(x) }
func bits32(x float32) uint64   { return uint64(math.Float32bits(x)) }
func fromBits(b uint64) float64 { return math.Float64frombits(b) }
func nan() float64              { return math.NaN() }
func copySign(x, y float64) float64 { return math.Copysign(x, y) }
func exp(x float64) float64     { return math.Exp(x) }
func newRing(n int) *ring.Ring  { return ring.New(n) }
func next(r *ring.Ring) *ring.Ring { return r.Next() }
func prev(r *ring.Ring) *ring.Ring { return r.Prev() }
func move(r *ring.Ring) *ring.Ring { return r.Move(2) }
func size(r *ring.Ring) int     { return r.Len() }
func link(r, s *ring.Ring) *ring.Ring { return r.Link(s) }
func unlink(r *ring.Ring) *ring.Ring { return r.Unlink(1) }
func value(r *ring.Ring) any    { return r.Value }
func store(r *ring.Ring, v int) { r.Value = v }
func asShape(s square) shape    { return s }
func asError(e error) error     { return e }
func asAny(e error) any         { return e }
func remember(s square)         { current = s }
func keep(n int)                { anything = n }
func keepConst()                { anything = 5 }
func forget()                   { anything = nil }
func declared(s square)         { var x shape = s; current = x }
func none() shape               { return nil }
func show(p *int)               { fmt.Println(*p) }
func join(v ...any) string      { return fmt.Sprint(v...) }
func widen(n int) int64         { return int64(n) }
func stats() *runtime.MemStats  { return new(runtime.MemStats) }
func readStats(m *runtime.MemStats) { runtime.ReadMemStats(m) }
func broadcast()                { cond.Broadcast() }
func signal()                   { plain.Signal() }
func newCond() *sync.Cond       { return sync.NewCond(&sync.Mutex{}) }
func random() int64             { return int64(rand.Uint32()) }
func below(n int) int           { return rand.Intn(n) }
func bigRandom() int64          { return rand.Int63() }

type cell struct{}

func (*cell) touch(n int) {}

type grid struct{ cells []*cell }

func (g *grid) touchAll() {
	for _, c := range g.cells {
		c.touch(1)
	}
}

func (g *grid) lockEach(ms []sync.Mutex) {
	for i := range ms {
		ms[i].Lock()
	}
}

func main() {
	var c counter
	var g guarded
	n := 3
	lockGlobal()
	unlockGlobal()
	c.lock()
	g.lock()
	g.unlock()
	r := newRing(4)
	store(r, n)
	fmt.Println(lockLocal(), size(next(r)), value(r), negative(-1), bits32(1), widen(n), join(1, 2))
	show(&n)
	remember(square(2))
	fmt.Println(current.area(), c.third() != nil, percent(100) > 0)
}

type stack []*cell

// Storing a slice of itself back keeps the pointer: no write barrier when optimising.
func (s *stack) pop() (c *cell) {
	*s, c = (*s)[:len(*s)-1], (*s)[len(*s)-1]
	return
}

type queue []*cell

func (q *queue) Len() int           { return len(*q) }
func (q *queue) Less(i, j int) bool { return i < j }
func (q *queue) Swap(i, j int)      { (*q)[i], (*q)[j] = (*q)[j], (*q)[i] }
func (q *queue) Push(v any)         { *q = append(*q, v.(*cell)) }
func (q *queue) Pop() any           { return (*q)[len(*q)-1] }

func enqueue(q queue, c *cell) { heap.Push(&q, c) }
func dequeue(q queue) *cell    { return heap.Pop(&q).(*cell) }

// unsafe.Sizeof, Alignof and Offsetof are constants, not calls.
func sizeOf() uintptr             { return unsafe.Sizeof(1) }
func offsetOf(c counter) uintptr  { return unsafe.Offsetof(c.n) + unsafe.Alignof(c) }
func plusSize(x int) int          { return x + int(unsafe.Sizeof(x)) }
