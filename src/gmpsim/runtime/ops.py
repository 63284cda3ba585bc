"""The requests a goroutine's code yields to the runtime (the ABI between codegen and runtime).

Generated code (and the runtime's own goroutines, such as the timer goroutine) runs as a Python
generator that advances ``g.clock`` by the cost of what it executes and yields one of these
tuples whenever it needs the runtime: at an operation other goroutines can observe, or at a
preemption check whose guard it has passed.  The runtime answers by sending the result back.
The first element is the opcode; the rest are its operands.
"""

from __future__ import annotations

MORESTACK = 0  # (MORESTACK,): a stack-check prologue found clock >= stackguard
ASYNC_SAFEPOINT = 1  # (ASYNC_SAFEPOINT,): a loop back-edge where a signal could preempt (Go >= 1.14)
SPIN = 2  # (SPIN, coop): an endless loop with no effect; coop: each iteration passes a prologue
GO = 3  # (GO, func, args, name, pos): go statement
SLEEP = 4  # (SLEEP, ns): time.Sleep
WRITE = 5  # (WRITE, fd, data): write(2) of bytes to fd 1 or 2
GOSCHED = 6  # (GOSCHED,): runtime.Gosched
GOMAXPROCS = 7  # (GOMAXPROCS, n) -> previous value
NUMGOROUTINE = 8  # (NUMGOROUTINE,) -> number of user goroutines
EXIT = 9  # (EXIT, code): os.Exit, or main returning
TIMERPROC = 10  # (TIMERPROC, bucket): the timer goroutine's loop body (Go < 1.14)
CHANSEND = 11  # (CHANSEND, chan, value): c <- value
CHANRECV = 12  # (CHANRECV, chan) -> (value, ok)
CLOSE = 13  # (CLOSE, chan): close(c)
SELECT = 14  # (SELECT, cases, has_default) -> (case index or -1, value, ok); case: (is_send, chan, value)
PARK = 15  # (PARK, reason): park until some runtime event readies the goroutine (system goroutines)
WG_ADD = 16  # (WG_ADD, wg, delta): WaitGroup.Add / Done
WG_WAIT = 17  # (WG_WAIT, wg): WaitGroup.Wait
LOCK = 18  # (LOCK, mutex) -> True once held; False when woken to try again
UNLOCK = 19  # (UNLOCK, mutex)
NEWTIMER = 20  # (NEWTIMER, ns, period) -> a *time.Timer / *time.Ticker (time.TimerHandle)
STOPTIMER = 21  # (STOPTIMER, handle) -> whether it was still active
RESETTIMER = 22  # (RESETTIMER, handle, ns) -> whether it was still active
GOSCHED_LOOP = 23  # (GOSCHED_LOOP,): runtime.Gosched in an endless loop that has no other effect
GC = 24  # (GC,): runtime.GC, a whole collection cycle
READMEMSTATS = 25  # (READMEMSTATS, stats): runtime.ReadMemStats into a runtime.MemStats
RLOCK = 26  # (RLOCK, rwmutex): RWMutex.RLock
RUNLOCK = 27  # (RUNLOCK, rwmutex)
RWLOCK = 28  # (RWLOCK, rwmutex): RWMutex.Lock once the writer holds rwmutex.w
RWUNLOCK = 29  # (RWUNLOCK, rwmutex)
COND_WAIT = 30  # (COND_WAIT, cond): Cond.Wait until Signal or Broadcast (L is locked again after)
COND_SIGNAL = 31  # (COND_SIGNAL, cond, broadcast)
LOCKOSTHREAD = 32  # (LOCKOSTHREAD, lock): runtime.LockOSThread (True) / UnlockOSThread (False)

CHECK_MORESTACK = (MORESTACK,)
CHECK_ASYNC = (ASYNC_SAFEPOINT,)
SPIN_COOP = (SPIN, True)
SPIN_NOCOOP = (SPIN, False)
GOSCHED_OP = (GOSCHED,)
GOSCHED_LOOP_OP = (GOSCHED_LOOP,)
NUMGOROUTINE_OP = (NUMGOROUTINE,)
GC_OP = (GC,)
