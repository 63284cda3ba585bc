// Calls whose receiver or function value is itself computed by a call or a channel receive:
// gc evaluates it into a temporary first, which go1.19 charges on every such call and go1.22
// and go1.27 only on interface and indirect calls; new(T) and conversions are no calls, and
// len of an array is a constant.
package main

import (
	"errors"
	"fmt"
)

type T struct{ n int }

func (t T) M() int { return t.n }

func (t *T) P() int { return t.n }

func (t *T) Leak() int {
	sink = t
	return t.n
}

type D struct{ t T }

func (d D) T() T { return d.t }

type N int

func (n N) M() int { return int(n) }

type S struct{ f func() int }

type Getter interface{ Get() int }

func (t T) Get() int { return t.n + 1 }

var (
	shared = T{2}
	sink   *T
	getter Getter = T{3}
	failed        = errors.New("x")
)

func mk() T { return T{1} }

func mkp() *T { return &shared }

func mks() S { return S{func0} }

func mkg() Getter { return getter }

func mkerr() error { return failed }

func func0() int { return 0 }

func getF() func(int) int { return nil }

func idx() int { return 0 }

func viaMethodResult(d D) int { return d.T().M() }

func viaFuncResult() int { return mk().M() }

func viaPointerResult() int { return mkp().P() }

func viaVariable() int {
	t := mk()
	return t.M()
}

func viaIndexCall(ts []T) int { return ts[idx()].M() }

func viaSliceLen(ts []T) int { return ts[len(ts)-1].M() }

func viaArrayLen(a [3]T) int { return a[len(a)-1].M() }

func viaReceive(c chan T) int { return (<-c).M() }

func viaNew() int { return new(T).Leak() }

func viaConversion(x int) int { return N(x).M() }

func viaInterface() int { return mkg().Get() }

func viaLibraryInterface() string { return mkerr().Error() }

func viaCalledFunc() int { return getF()(1) }

func viaFuncField() int { return mks().f() }

func argumentsOnly(t T) int { return t.M() + mk().n }

func main() {
	c := make(chan T, 1)
	c <- T{4}
	fmt.Println(viaMethodResult(D{}), viaFuncResult(), viaPointerResult(), viaVariable(),
		viaIndexCall([]T{{5}}), viaSliceLen([]T{{6}}), viaArrayLen([3]T{}), viaReceive(c), viaNew(),
		viaConversion(7), viaInterface(), viaLibraryInterface(), viaFuncField(), argumentsOnly(T{8}))
	defer report()
	fmt.Println(viaCalledFunc())
}

func report() { fmt.Println(recover() != nil) }
