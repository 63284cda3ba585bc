"""G, M, P and the scheduler's global state, with Go's names and status numbers.

A **G** is a goroutine: here, a Python generator (the code generator's lowering of a Go function)
plus the fields the scheduler reads.  An **M** is an OS thread; it runs Go code only while it holds
a **P**, a processor with a local run queue.  ``sched`` holds what Go keeps in ``runtime.sched``:
the global run queue and the lists of idle Ms and Ps.

Virtual time replaces the stack pointer in the preemption check: ``G.stackguard`` holds the virtual
time at which the runtime wants the goroutine to stop at its next check.  It is the next moment the
runtime may act on a running goroutine (sysmon's next tick), or ``STACK_PREEMPT`` (below every
clock) once a preemption has been requested, exactly as Go poisons ``stackguard0``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator
from typing import Any

from gmpsim.frontend import Pos

# G statuses (runtime2.go); the numbers are the ones schedtrace prints.
G_IDLE = 0
G_RUNNABLE = 1
G_RUNNING = 2
G_SYSCALL = 3
G_WAITING = 4
G_DEAD = 6
G_PREEMPTED = 9

# P statuses.
P_IDLE = 0
P_RUNNING = 1
P_SYSCALL = 2
P_GCSTOP = 3
P_DEAD = 4

# Wait reasons, in Go's words (they appear in tracebacks and scheddetail).
WAIT_SLEEP = "sleep"
WAIT_TIMER_GOROUTINE_IDLE = "timer goroutine (idle)"
WAIT_STOP_THE_WORLD = "stop the world"
WAIT_CHAN_RECEIVE = "chan receive"
WAIT_CHAN_SEND = "chan send"
WAIT_SELECT = "select"
WAIT_SELECT_NO_CASES = "select (no cases)"
WAIT_CHAN_RECEIVE_NIL = "chan receive (nil chan)"
WAIT_CHAN_SEND_NIL = "chan send (nil chan)"
WAIT_SEMACQUIRE = "semacquire"
WAIT_SYNC_MUTEX_LOCK = "sync.Mutex.Lock"
WAIT_SYNC_WAITGROUP_WAIT = "sync.WaitGroup.Wait"
WAIT_FORCEGC_IDLE = "force gc (idle)"
WAIT_GC_SWEEP = "GC sweep wait"
WAIT_GC_SCAVENGE = "GC scavenge wait"
WAIT_FINALIZER = "finalizer wait"
WAIT_UPDATE_GOMAXPROCS_IDLE = "GOMAXPROCS updater (idle)"

STACK_PREEMPT = -1  # a stackguard every clock exceeds: the next check traps into the runtime

Coroutine = Generator[Any, Any, Any]


class G:
    """A goroutine."""

    __slots__ = (
        "asyncguard",
        "clock",
        "created_at",
        "func",
        "gen",
        "goid",
        "gosched_cost",
        "gosched_mark",
        "lockedm",
        "m",
        "panics",
        "parent",
        "pos",
        "preempt",
        "preempt_async",
        "resume_exc",
        "retval",
        "runnable_since",
        "spin",
        "stackguard",
        "started_at",
        "stats",
        "status",
        "sudog",
        "system",
        "waitreason",
    )

    def __init__(self, goid: int, func: str, pos: Pos | None, parent: int, now: int) -> None:
        self.goid = goid
        self.gen: Coroutine  # the goroutine's code, resumed with send(retval); set by newproc
        self.func = func  # Go name of its entry function, e.g. "main.deadloop"
        self.pos = pos  # where the go statement was
        self.parent = parent  # goid of the creator (0 for the runtime)
        self.status = G_RUNNABLE
        self.clock = now  # virtual time of this goroutine's next instruction while it runs
        self.stackguard = 0  # see the module docstring; meaningful only while running
        self.asyncguard = 0  # the same for loop back-edges, poisoned only by a preemption signal
        self.preempt = False  # a preemption was requested (gp.preempt)
        self.preempt_async = False  # ... and may be delivered by a signal (Go >= 1.14)
        self.spin: bool | None = None  # in an endless loop with no effect; True if it passes a prologue
        # In a loop that only calls runtime.Gosched: the virtual time from one Gosched to the next,
        # once measured, and stats.runs when it last called it (see Runtime._op_gosched_loop)
        self.gosched_cost: int | None = None
        self.gosched_mark = -1
        self.m: M | None = None
        self.lockedm: M | None = None  # the thread runtime.LockOSThread wired it to
        self.waitreason = ""
        self.retval: Any = None  # value sent into gen at the next resume
        self.resume_exc: BaseException | None = None  # ... or a panic thrown into it instead
        self.system = False  # a runtime goroutine (timerproc): not counted by NumGoroutine
        self.created_at = now
        self.runnable_since = now  # when it last became runnable, for latency statistics
        self.started_at = now  # when it last started running
        self.stats = GStats()
        self.panics: list[Any] = []  # the panics (and Goexit) its deferred calls have seen, oldest first
        self.sudog: Any = None  # its sudog for plain channel waits, once it has waited (chan.acquireSudog)


class GStats:
    """What one goroutine went through, for the API's per-goroutine statistics."""

    __slots__ = (
        "async_preemptions",
        "coop_preemptions",
        "goscheds",
        "max_latency_ns",
        "run_ns",
        "runs",
        "wait_ns",
    )

    def __init__(self) -> None:
        self.run_ns = 0  # virtual time spent running
        self.runs = 0  # times it was given a P
        self.wait_ns = 0  # total runnable-to-running latency
        self.max_latency_ns = 0  # longest runnable-to-running latency
        self.coop_preemptions = 0
        self.async_preemptions = 0
        self.goscheds = 0  # calls to runtime.Gosched


class M:
    """An OS thread."""

    __slots__ = ("blocked_until", "curg", "id", "locked", "lockedg", "nextp", "oldp", "p", "spinning", "wake")

    def __init__(self, mid: int) -> None:
        self.id = mid
        self.p: P | None = None  # the P it holds while running Go code
        self.nextp: P | None = None  # the P it will take when woken (startm)
        self.oldp: P | None = None  # the P it held when it entered a syscall
        self.curg: G | None = None
        self.spinning = False  # looking for work to steal; counted in sched.nmspinning
        self.wake: Any = None  # the engine entry that will wake it from a timed sleep
        self.blocked_until = 0  # end of the netpoll/notetsleepg sleep it is in, if any
        self.lockedg: G | None = None  # the goroutine wired to this thread (LockOSThread)
        self.locked = 0  # LockOSThread calls not yet undone (m.lockedExt)


class P:
    """A processor: the right to run Go code, with its own run queue and timers."""

    __slots__ = (
        "goidcache",
        "goidcacheend",
        "id",
        "m",
        "preempt",
        "runnext",
        "runq",
        "schedtick",
        "status",
        "syscalltick",
        "sysmontick",
        "timers",
    )

    def __init__(self, pid: int) -> None:
        self.id = pid
        self.status = P_GCSTOP
        self.m: M | None = None
        self.runq: deque[G] = deque()  # local run queue, at most LOCAL_RUNQ_SIZE
        self.runnext: G | None = None  # runs next, inheriting the current time slice
        self.schedtick = 0  # incremented on every scheduler call that does not inherit time
        self.syscalltick = 0  # incremented on every syscall exit
        self.sysmontick = SysmonTick()
        self.timers: list[Any] = []  # per-P timer heap (Go >= 1.14)
        self.preempt = False  # an async preemption was requested for whatever runs here
        self.goidcache = 0  # next goroutine id from this P's batch (_GoidCacheBatch)
        self.goidcacheend = 0


class SysmonTick:
    """What sysmon last saw of a P (``sysmontick``)."""

    __slots__ = ("schedtick", "schedwhen", "syscalltick", "syscallwhen")

    def __init__(self) -> None:
        self.schedtick = 0
        self.schedwhen = 0
        self.syscalltick = 0
        self.syscallwhen = 0


LOCAL_RUNQ_SIZE = 256


class Sched:
    """Global scheduler state (``runtime.sched``)."""

    def __init__(self) -> None:
        self.runq: deque[G] = deque()  # global run queue
        self.pidle: list[P] = []  # idle Ps (a stack, as Go's linked list)
        self.midle: list[M] = []  # idle Ms
        self.nmidlelocked = 0  # Ms asleep with their locked goroutine, which waits
        self.nmspinning = 0
        self.needspinning = 0  # 1: wakep found no idle P for a spinning M (shown by schedtrace)
        self.goidgen = 0
        self.gcwaiting = False  # a stop-the-world is in progress
        self.stopwait = 0  # Ps the stop-the-world still waits for
        self.stw_waiter: G | None = None  # the goroutine that asked for the stop
        self.sysmonwait = False  # sysmon is in its deep sleep
        self.netpoller: M | None = None  # the idle M blocked until the next timer, if any
