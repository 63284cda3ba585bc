package main

import (
	"flag"
	"fmt"
	"time"
)

var n *int = flag.Int("n", 100, "number of `things`")
var verbose = flag.Bool("v", false, "verbose")
var name = flag.String("name", "gopher", "who")
var d = flag.Duration("wait", time.Second, "how long")
var f = flag.Float64("f", 1.5, "a float")
var u = flag.Uint("u", 0, "unsigned")
var count int

func main() {
	flag.IntVar(&count, "count", 3, "a count")
	flag.Parse()
	fmt.Println(*n, *verbose, *name, *d, *f, *u, count, flag.NArg(), flag.Args(), flag.Arg(0), flag.Parsed(), flag.NFlag())
	*n = 7
	fmt.Println(*n)
}
