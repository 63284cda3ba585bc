// A write to stdout long enough for sysmon to print the scheduler's state while main is still in
// the write syscall.  The short write before it moves P's syscalltick, so that sysmon's first
// look at the long one only records it; with the other P idle it then leaves main its P for
// 10ms, and scheddetail shows how the release marks a P in a syscall.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

func main() {
	runtime.GOMAXPROCS(2)
	// A live ballast puts the next collection's trigger above the write's own 16MB buffer, so
	// that no stop-the-world takes main's P during the write.
	ballast := strings.Repeat("y", 32<<20)
	data := strings.Repeat("x", 16<<20)
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	fmt.Fprintln(os.Stdout, "start")
	fmt.Fprint(os.Stdout, data)
	fmt.Fprintln(os.Stdout, ballast[len(ballast)-1:])
}
