package main

import "fmt"

func search(grid [][]int, want int) (int, int) {
	for i, row := range grid {
		for j, v := range row {
			if v == want {
				fmt.Println("found", want)
				goto found
			}
			_ = j
		}
		continue
	found:
		for j := range row {
			if row[j] == want {
				return i, j
			}
		}
	}
	return -1, -1
}

func collatz(n int) (steps int) {
	defer func() { steps *= 10 }()
top:
	if n == 1 {
		return
	}
	steps++
	if n%2 == 0 {
		n /= 2
		goto top
	}
	n = 3*n + 1
	goto top
}

func classify(xs []int) []string {
	var out []string
	i := 0
loop:
	if i >= len(xs) {
		goto done
	}
	switch x := xs[i]; {
	case x < 0:
		out = append(out, "neg")
		i++
		goto loop
	case x == 0:
		goto zero
	default:
		out = append(out, fmt.Sprint("pos", x))
	}
	i++
	goto loop
zero:
	out = append(out, "zero: stop")
done:
	return out
}

func closures() {
	var fs []func() int
	i := 0
again:
	x := i * i
	fs = append(fs, func() int { return x })
	i++
	if i < 3 {
		goto again
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
}

func inCase(n int) {
	switch n {
	case 1:
		k := 1
	retry:
		if k *= 2; k < 100 {
			goto retry
		}
		fmt.Println("case 1 after", k)
	default:
		fmt.Println("default")
	}
}

func labelledLoops() {
	count := 0
rows:
	for _, row := range [][]int{{1, 2, 3}, {4, -1, 6}, {7, 8, 0}, {9}} {
		for _, v := range row {
			switch {
			case v < 0:
				goto next // out of the switch and the inner loop
			case v == 0:
				break rows
			}
			count += v
		}
		continue
	next:
		count += 1000
	}
	fmt.Println("count", count)
}

func withSelect(c chan int) {
	n := 0
wait:
	select {
	case v, ok := <-c:
		if !ok {
			goto end
		}
		n += v
		goto wait
	}
end:
	fmt.Println("sum", n)
}

func restart() {
	tries := 0
L:
	for i := 0; i < 3; i++ {
		tries++
		if tries == 2 {
			goto L // restarts the loop: i is a new variable
		}
	}
	fmt.Println("tries", tries)
	{
		goto inner
	inner:
		fmt.Println("inner block")
	}
	func() {
		goto L
	L:
		fmt.Println("own label in a literal")
	}()
}

func main() {
	fmt.Println(search([][]int{{1, 2}, {3, 4}, {5, 6}}, 4))
	fmt.Println(search([][]int{{1}}, 9))
	fmt.Println(collatz(27), collatz(1))
	fmt.Println(classify([]int{3, -1, 2, 0, 5}))
	fmt.Println(classify([]int{1, 2}))
	closures()
	inCase(1)
	inCase(2)
	labelledLoops()
	c := make(chan int, 5)
	for i := 1; i <= 4; i++ {
		c <- i
	}
	close(c)
	withSelect(c)
	restart()
	done := make(chan bool)
	go func() {
		n := 0
	spin:
		n++
		if n < 1000000 {
			goto spin
		}
		fmt.Println("spun", n)
		done <- true
	}()
	<-done
}
