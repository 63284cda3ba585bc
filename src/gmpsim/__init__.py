"""gmpsim: Go's goroutine scheduler, simulated faithfully enough to predict what a program prints.

Pipeline (each a sub-package): ``frontend`` parses a Go source file, ``compiler`` models the gc
compiler's decisions that place preemption points, ``codegen`` lowers the program to something the
``runtime`` model (G, M, P, sysmon, timers, channels) executes in virtual time.
"""
