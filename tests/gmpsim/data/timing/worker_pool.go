// A pool of three workers drains a job queue; each job sleeps for its own
// duration, so the order of the results follows virtual (and real) time.
package main

import (
	"fmt"
	"sync"
	"time"
)

type result struct {
	worker, job int
	took        time.Duration
}

func worker(id int, jobs <-chan int, results chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		d := time.Duration(j*30) * time.Millisecond
		time.Sleep(d)
		results <- result{id, j, d}
	}
}

func main() {
	jobs := make(chan int, 10)
	results := make(chan result, 10)
	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
		wg.Add(1)
		go worker(w, jobs, results, &wg)
	}
	for _, j := range []int{5, 1, 4, 2, 3, 6} {
		jobs <- j
	}
	close(jobs)
	go func() {
		wg.Wait()
		close(results)
	}()
	start := time.Now()
	for r := range results {
		fmt.Printf("job %d done by worker %d after %v (at ~%v)\n", r.job, r.worker, r.took,
			time.Since(start).Round(10*time.Millisecond))
	}
	fmt.Println("all jobs done")
}
