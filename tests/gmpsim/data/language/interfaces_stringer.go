// String and Error methods: fmt shows values through them (enums from iota, pointer receivers, interfaces).
package main

import "fmt"

type Color int

const (
	Red Color = iota
	Green
)

func (c Color) String() string {
	switch c {
	case Red:
		return "red"
	case Green:
		return "green"
	}
	return fmt.Sprintf("Color(%d)", int(c))
}

type P struct{ X, Y int }

func (p *P) String() string { return fmt.Sprintf("P(%d,%d)", p.X, p.Y) }

type MyErr struct{ code int }

func (e MyErr) Error() string { return fmt.Sprint("code ", e.code) }

func main() {
	fmt.Println(Red, Green, Color(7))
	fmt.Printf("%v %s|%d\n", Green, Red, int(Green))
	p := &P{1, 2}
	fmt.Println(p, *p)
	var x any = MyErr{3}
	fmt.Println(x)
	var y any = Red
	fmt.Printf("%v %T\n", y, y)
}
