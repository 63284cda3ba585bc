// Requests race a deadline with select and time.After: the slow ones time out.
package main

import (
	"errors"
	"fmt"
	"time"
)

var errTimeout = errors.New("deadline exceeded")

func fetch(name string, delay time.Duration) <-chan string {
	out := make(chan string, 1)
	go func() {
		time.Sleep(delay)
		out <- name + " ok"
	}()
	return out
}

func withDeadline(name string, delay, limit time.Duration) (string, error) {
	select {
	case v := <-fetch(name, delay):
		return v, nil
	case <-time.After(limit):
		return "", fmt.Errorf("%s: %w", name, errTimeout)
	}
}

func main() {
	for i, delay := range []time.Duration{10, 80, 40, 120} {
		v, err := withDeadline(fmt.Sprintf("req%d", i), delay*time.Millisecond, 60*time.Millisecond)
		if errors.Is(err, errTimeout) {
			fmt.Println("timeout:", err)
			continue
		}
		fmt.Println("reply:", v)
	}
}
