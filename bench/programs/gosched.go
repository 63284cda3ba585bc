// case2 with a runtime.Gosched() in the spinning loop: main's sleeps end on time, and deadloop
// makes about 3.8 million scheduler round trips per second in between.
package main

import (
	"fmt"
	"runtime"
	"time"
)

func deadloop() {
	for {
		runtime.Gosched()
	}
}

func main() {
	runtime.GOMAXPROCS(1)
	go deadloop()
	for {
		time.Sleep(time.Second * 1)
		fmt.Println("I got scheduled!")
	}
}
