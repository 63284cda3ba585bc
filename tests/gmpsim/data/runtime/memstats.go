package main

import (
	"fmt"
	"runtime"
)

func main() {
	runtime.MemProfileRate = 0
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	runtime.GC()
	runtime.GC()
	stats := &after
	runtime.ReadMemStats(stats)
	fmt.Println(after.NumGC-before.NumGC, after.NumForcedGC-before.NumForcedGC, runtime.MemProfileRate)
	fmt.Println(after.EnableGC, after.PauseTotalNs >= before.PauseTotalNs, runtime.NumCPU() > 0)
}
