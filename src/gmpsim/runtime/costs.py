"""Virtual durations (nanoseconds) of the machine-level operations the model charges for.

They are rough figures for a current x86-64 Linux machine, chosen so that the scheduler's own
overheads are visible but never dominate the program's timescale.  Changing one shifts timings by
microseconds; it never changes which goroutine runs.
"""

SCHEDULE = 250  # schedule() + execute(): find a goroutine and switch to it
NEWPROC = 300  # go statement: allocate and enqueue a goroutine
M_WAKE = 5_000  # futex wake-up of a parked OS thread (startm, notewakeup)
SIGNAL = 5_000  # SIGURG from sysmon reaching the target thread's handler
WRITE = 2_000  # write(2) of a short line to a pipe or terminal
WRITE_PER_BYTE = 1
STOP_THE_WORLD = 10_000  # stopTheWorld + startTheWorld with nothing to wait for
STEAL_RUNNEXT_PAUSE = 3_000  # usleep(3) before stealing a running P's runnext (plus TIMER_SLACK)
SPIN_ITERATION = 5  # one iteration of an effect-free loop, until its next prologue
TIMER_SLACK = 50_000  # Linux timer slack: a timed sleep of a thread ends this much late
GC_CYCLE = 150_000  # runtime.GC() of a small heap: two stop-the-worlds, mark and sweep
