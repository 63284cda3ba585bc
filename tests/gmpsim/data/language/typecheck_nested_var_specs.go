// A var declaration's own specs are the ones it declares: those inside function literals in its
// values belong to the literals (and run when they are called, not before).

package main

var count = 0

var makeCounter = func() func() int {
	var step = 2
	return func() int {
		var next = count + step
		count = next
		return next
	}
}

func main() {
	counter := makeCounter
	var tick, label = counter(), func() string {
		var prefix = "tick "
		return prefix
	}
	println(label(), tick(), tick(), count)
}
