package main

// With two Ps, main hands a value to a waiting goroutine, which lands in main's P's runnext,
// and then either keeps its P busy for a while or writes 4MB to stdout.  The M woken for the
// other P sleeps 3µs (plus the kernel's timer slack) before it takes a running P's runnext, so
// after 5µs of work the goroutine has not started yet and main's P runs it once main blocks;
// the runnext of a P whose goroutine is in a syscall it takes at once, so the goroutine has
// started by the time the write returns.

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

const busy = 5 * time.Microsecond

// handoff readies a goroutine from main, runs then and says whether the goroutine had started.
func handoff(then func()) bool {
	c := make(chan int)
	started := make(chan bool)
	go func() {
		<-c
		close(started)
	}()
	time.Sleep(time.Millisecond) // the receiver blocks; the other P goes idle
	c <- 1
	then()
	ran := false
	select {
	case <-started:
		ran = true
	default:
	}
	<-started
	return ran
}

func main() {
	runtime.GOMAXPROCS(2)
	data := strings.Repeat("x", 4<<20)
	for i := 0; i < 3; i++ {
		ran := handoff(func() {
			for t0 := time.Now(); time.Since(t0) < busy; {
			}
		})
		fmt.Println("after the work, started:", ran)
	}
	ran := handoff(func() { fmt.Fprint(os.Stdout, data) })
	fmt.Println("\nafter the write, started:", ran)
}
