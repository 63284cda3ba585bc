// Package-level declarations may use ones declared further down; variables are initialised in
// Go's dependency order (through the functions they call), multi-value initialisers included.
// Local constants are visible to the constant expressions and array lengths that follow them.

package main

import "fmt"

var total = sum(first, second) + offset

var first, second = pair()

var offset = scale * 2

const scale = base * 10

const base = 3

var trace = note("trace")

var early = note("early " + fmt.Sprint(late))

var late = note("late")

var viaFunc = readLate()

var _ = note("blank")

var log []string

func note(s string) string {
	log = append(log, s)
	return s
}

func readLate() int { return len(late) }

func pair() (int, int) { return 1, 2 }

func sum(a, b int) int { return a + b }

type grid [rows * cols]bool

const rows, cols = 2, 3

func main() {
	fmt.Println(total, first, second, offset, viaFunc)
	fmt.Println(log)
	const dots = ". . " + ". ."
	const n = uint(len(dots))
	const half = n / 2
	var cells [half]int
	var g grid
	fmt.Println(n, len(cells), len(g), early)
}
