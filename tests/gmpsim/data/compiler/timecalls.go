// The time package's functions and the methods of Duration and Time, each in a wrapper of its
// own, so that the inliner's cost of every library call shows in the wrapper's cost.
package main

import (
	"fmt"
	"time"
)

var (
	d   time.Duration
	t   time.Time
	f   float64
	i   int64
	b   bool
	s   string
	sum int
)

func wUntil()     { d = time.Until(t) }
func wSince()     { d = time.Since(t) }
func wNow()       { t = time.Now() }
func wRound()     { d = d.Round(d) }
func wTrunc()     { d = d.Truncate(d) }
func wAbs()       { d = d.Abs() }
func wSec()       { f = d.Seconds() }
func wMin()       { f = d.Minutes() }
func wHours()     { f = d.Hours() }
func wMs()        { i = d.Milliseconds() }
func wUs()        { i = d.Microseconds() }
func wNs()        { i = d.Nanoseconds() }
func wDStr()      { s = d.String() }
func wSub()       { d = t.Sub(t) }
func wAdd()       { t = t.Add(d) }
func wBefore()    { b = t.Before(t) }
func wAfter()     { b = t.After(t) }
func wEqual()     { b = t.Equal(t) }
func wIsZero()    { b = t.IsZero() }
func wUnix()      { i = t.Unix() }
func wUnixMilli() { i = t.UnixMilli() }
func wUnixNano()  { i = t.UnixNano() }
func wTStr()      { s = t.String() }

// Methods called on a call's result: go1.19 evaluates the receiver into a temporary first.
func wNowUnix()  { i = time.Now().Unix() }
func wSinceMs()  { i = time.Since(t).Milliseconds() }
func wSubSec()   { f = t.Sub(t).Seconds() }
func wAddAfter() { b = t.Add(d).After(t) }

// spin's loop calls only inlined methods whose bodies make no call.
func spin(n int) {
	for k := 0; k < n; k++ {
		x := d.Truncate(time.Millisecond)
		sum += int(x.Milliseconds())
	}
}

func main() {
	wNow()
	wUntil()
	wSince()
	wRound()
	wTrunc()
	wAbs()
	wSec()
	wMin()
	wHours()
	wMs()
	wUs()
	wNs()
	wDStr()
	wSub()
	wAdd()
	wBefore()
	wAfter()
	wEqual()
	wIsZero()
	wUnix()
	wUnixMilli()
	wUnixNano()
	wTStr()
	wNowUnix()
	wSinceMs()
	wSubSec()
	wAddAfter()
	spin(3)
	fmt.Println(b, i, f, s != "", sum)
}
