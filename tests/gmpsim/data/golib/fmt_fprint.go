package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stdout, "to stdout", 1, 2.5)
	fmt.Fprintf(os.Stderr, "to stderr %d %q\n", 42, "x")
	fmt.Fprint(os.Stdout, "a", 1, 2, "b\n")
	fmt.Fprint(os.Stderr, 3, 4, "\n")
	os.Exit(3)
}
