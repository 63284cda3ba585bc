"""Runtime model: Go's scheduler and what it schedules, in virtual time.

One module per Go runtime file, with Go's names: ``runtime2`` (G, M, P, sched), ``proc`` (run
queues, findRunnable, schedule, execute, newproc, gopark/goready, stop-the-world), ``sysmon``
(retake), ``preempt`` (cooperative and asynchronous preemption), ``time`` (timers, time.Sleep,
timer goroutines before Go 1.14), ``syscall`` (entersyscall/exitsyscall), ``chan``, ``select``,
``sema`` (WaitGroup, Mutex), ``trace`` (the typed event log), ``schedtrace``
(GODEBUG=schedtrace).  ``engine`` is the discrete-event core, ``ops`` the requests generated code
yields, ``costs`` the virtual durations of machine operations.
"""
