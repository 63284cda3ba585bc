package main

import (
	"fmt"
	"math"
)

func main() {
	nan := math.NaN()
	zero := 0.0
	m := map[float64]int{}
	for i := 0; i < 3; i++ {
		m[nan] = 7
	}
	m[zero] = 1
	m[-zero] = 2
	_, found := m[nan]
	delete(m, nan)
	fmt.Println(len(m), found, m[0], m)
	c := map[complex128]bool{}
	c[complex(nan, 0)] = true
	c[complex(nan, 0)] = true
	c[complex(zero, zero)] = true
	c[complex(-zero, zero)] = false
	fmt.Println(len(c), c)
	sum := 0
	for k, v := range m {
		if k != k {
			sum += v
		}
	}
	fmt.Println(sum)
}
