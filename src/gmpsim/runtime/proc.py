"""The scheduler: run queues, findRunnable, schedule/execute, and goroutines' trips through them.

Go's scheduler (runtime/proc.go) multiplexes goroutines (G) onto OS threads (M); an M may run Go
code only while it holds a processor (P), and there are GOMAXPROCS Ps.  Each P has a local run
queue of 256 goroutines plus ``runnext``, a one-goroutine slot that runs next and inherits the
current time slice; a global run queue takes the overflow, preempted goroutines and Gosched.  An M
whose P runs dry looks, in order, at its timers, the global queue (one goroutine every 61st
schedule, for fairness), its local queue, the global queue again and then the other Ps' queues
("spinning"); when nothing is found it gives the P back and sleeps, or blocks until the next
timer.  ``wakep`` starts one spinning M whenever new work appears and no M is already spinning.

In gmpsim an M runs its goroutine by resuming the goroutine's generator (see ``ops``).  The
goroutine runs privately, advancing its own clock, until it yields a request; the request is
carried out only once every earlier event has happened (``_run``), so all Ms interleave at
their observable operations in virtual-time order.  Function names follow Go's, so this file
can be read next to proc.go.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from heapq import heappop, heappush
from math import gcd
from typing import Any, Literal

from gmpsim.codegen.panics import death_report
from gmpsim.codegen.support import GoExit, GoPanic, SimulationLimit
from gmpsim.deepstack import MAX_CALL_DEPTH
from gmpsim.frontend import Pos
from gmpsim.runtime import chan, costs, mstats, ops, preempt, select, sema, syscall, sysmon, time
from gmpsim.runtime.costs import SCHEDULE
from gmpsim.runtime.engine import ARG, FN, WHEN, Engine, Timed
from gmpsim.runtime.runtime2 import (
    G_DEAD,
    G_RUNNABLE,
    G_RUNNING,
    G_SYSCALL,
    G_WAITING,
    LOCAL_RUNQ_SIZE,
    P_DEAD,
    P_GCSTOP,
    P_IDLE,
    P_RUNNING,
    STACK_PREEMPT,
    WAIT_FINALIZER,
    WAIT_FORCEGC_IDLE,
    WAIT_GC_SCAVENGE,
    WAIT_GC_SWEEP,
    WAIT_STOP_THE_WORLD,
    WAIT_UPDATE_GOMAXPROCS_IDLE,
    Coroutine,
    G,
    M,
    P,
    Sched,
)
from gmpsim.runtime.trace import (
    EventLog,
    Exit,
    GoCreate,
    GoEnd,
    Gomaxprocs,
    GoPark,
    GoschedBatch,
    GoStart,
    GoStop,
    GoUnpark,
    ProcStart,
    ProcStop,
    Steal,
)
from gmpsim.versions import GoBehaviour

GOID_CACHE_BATCH = 16  # _GoidCacheBatch
STEAL_TRIES = 4
FAIRNESS_TICK = 61  # every 61st schedule takes from the global queue first

# Where stealWork is in its passes over the Ps: passes begun, next position, stride, Ps left
# in this pass.  An M that pauses before taking a runnext resumes from here.
StealScan = tuple[int, int, int, int]
NEW_SCAN: StealScan = (0, 0, 0, 0)
# stealWork's answer while its M sleeps before taking a runnext (see _grab)
PAUSED: Literal[False] = False

GoFunc = Callable[..., Coroutine]


@dataclass(frozen=True)
class Settings:
    """The simulated machine and environment."""

    behaviour: GoBehaviour
    ncpu: int
    gomaxprocs: int  # initial GOMAXPROCS (the environment variable, else ncpu)
    asyncpreemptoff: bool = False
    seed: int = 1
    updatemaxprocs: bool = False  # GODEBUG's (Go 1.25+): the runtime starts its GOMAXPROCS updater


class Fatal(Exception):
    """The runtime throws (e.g. deadlock): Go prints ``fatal error: …`` and exits 2."""


def _program_frames(err: BaseException) -> int:
    """How many of the frames err unwound ran the generated program's code."""
    count = 0
    tb = err.__traceback__
    while tb is not None:
        count += tb.tb_frame.f_code.co_filename.startswith("<gmpsim ")
        tb = tb.tb_next
    return count


class Runtime:
    """One simulated Go process: its scheduler state, clock, output and event log."""

    def __init__(self, settings: Settings, log: EventLog) -> None:
        self.settings = settings
        self.behaviour = settings.behaviour
        self.async_preemption = settings.behaviour.async_preemption and not settings.asyncpreemptoff
        self.engine = Engine()
        self.log = log
        self.rng = random.Random(settings.seed)
        self.sched = Sched()
        self.allp: list[P] = []
        self.allm: list[M] = []
        self.allgs: list[G] = []
        self.gomaxprocs = 0
        self.stdout = bytearray()
        self.stderr = bytearray()
        self.exit_code: int | None = None
        self.fatal: str | None = None  # "fatal error: …" text when the runtime threw
        self.main_g: G | None = None
        self._stw_newprocs = 0  # GOMAXPROCS requested by the pending stop-the-world
        self.horizon = 0  # next time the runtime may act on a running goroutine (sysmon)
        self.sysmon = sysmon.Sysmon(self)
        self.timers = time.Timers(self)
        self.gc = mstats.GCStats()
        # While _run carries out a goroutine's request (in_request), execute does not queue the
        # start of the goroutine it gives the M but leaves it in gogo, for _run to switch to.
        self.in_request = False
        self.gogo: Timed | None = None
        self.run_goroutine = self._run  # one bound method, so _run can recognise its own entries
        handlers: dict[int, Callable[[G, tuple[Any, ...]], bool]] = {
            ops.MORESTACK: self._op_morestack,
            ops.ASYNC_SAFEPOINT: self._op_async_safepoint,
            ops.SPIN: self._op_spin,
            ops.GO: self._op_go,
            ops.SLEEP: self._op_sleep,
            ops.WRITE: self._op_write,
            ops.GOSCHED: self._op_gosched,
            ops.GOSCHED_LOOP: self._op_gosched_loop,
            ops.GOMAXPROCS: self._op_gomaxprocs,
            ops.NUMGOROUTINE: self._op_numgoroutine,
            ops.EXIT: self._op_exit,
            ops.TIMERPROC: self._op_timerproc,
            ops.CHANSEND: partial(chan.chansend, self),  # the commonest: no frame of ours between
            ops.CHANRECV: partial(chan.chanrecv, self),
            ops.CLOSE: self._op_close,
            ops.SELECT: self._op_select,
            ops.PARK: self._op_park,
            ops.WG_ADD: self._op_wg_add,
            ops.WG_WAIT: self._op_wg_wait,
            ops.LOCK: self._op_lock,
            ops.UNLOCK: self._op_unlock,
            ops.NEWTIMER: self._op_newtimer,
            ops.STOPTIMER: self._op_stoptimer,
            ops.RESETTIMER: self._op_resettimer,
            ops.GC: self._op_gc,
            ops.LOCKOSTHREAD: self._op_lockosthread,
            ops.RLOCK: lambda gp, op: sema.rwmutex_rlock(self, gp, op[1]),
            ops.RUNLOCK: self._op_runlock,
            ops.RWLOCK: lambda gp, op: sema.rwmutex_lock(self, gp, op[1]),
            ops.RWUNLOCK: self._op_rwunlock,
            ops.COND_WAIT: self._op_cond_wait,
            ops.COND_SIGNAL: self._op_cond_signal,
            ops.READMEMSTATS: self._op_readmemstats,
        }
        # indexed by opcode (they are 0, 1, 2, ...): a list's item is quicker to fetch than a dict's
        self._handlers = [handlers[code] for code in range(len(handlers))]

    # ---- start and end -------------------------------------------------------------------

    def start(self, main: GoFunc) -> None:
        """schedinit + newproc(runtime.main) + mstart on M0: main.main runs on P0 at time 0."""
        self.procresize(self.settings.gomaxprocs)
        m0 = self.newm()
        p0 = self.allp[0]
        self.sched.pidle.remove(p0)
        self.acquirep(m0, p0)
        self.main_g = self.newproc(
            None, runtime_main, (main, self.settings.updatemaxprocs), "main.main", None
        )
        self.sysmon.start()
        self.schedule(m0)

    def exit(self, code: int) -> None:
        self.exit_code = code
        self.log.emit(Exit, self.engine.now, code)
        self.engine.stop()

    def throw(self, message: str, gp: G | None) -> None:
        """A fatal runtime error: the message and the goroutine's header go to stderr, exit 2."""
        text = f"fatal error: {message}\n"
        if gp is not None:
            text += "\n" + goroutine_header(gp)
        self.stderr += text.encode()
        self.fatal = message
        self.exit(2)

    # ---- goroutine creation ------------------------------------------------------------------

    def newgoid(self, pp: P) -> int:
        if pp.goidcache == pp.goidcacheend:
            pp.goidcache = self.sched.goidgen + 1
            self.sched.goidgen += GOID_CACHE_BATCH
            pp.goidcacheend = pp.goidcache + GOID_CACHE_BATCH
        goid = pp.goidcache
        pp.goidcache += 1
        return goid

    def newproc(self, parent: G | None, fn: GoFunc, args: tuple[Any, ...], name: str, pos: Pos | None) -> G:
        """``go fn(args)``: the new goroutine goes into the current P's runnext."""
        pp = parent.m.p if parent is not None and parent.m is not None and parent.m.p else self.allp[0]
        now = self.engine.now
        newg = G(self.newgoid(pp), name, pos, parent.goid if parent else 0, now)
        newg.gen = fn(newg, *args)
        self.allgs.append(newg)
        self.log.emit(GoCreate, now, newg.goid, newg.parent, name, pp.id)
        self.runqput(pp, newg, True)
        if parent is not None:  # mainStarted
            self.wakep()
        return newg

    # ---- run queues ----------------------------------------------------------------------------

    def runqput(self, pp: P, gp: G, next_: bool) -> None:
        if next_:
            old = pp.runnext
            pp.runnext = gp
            if old is None:
                return
            gp = old  # kick the old runnext to the tail of the queue
        if len(pp.runq) < LOCAL_RUNQ_SIZE:
            pp.runq.append(gp)
            return
        self.runqputslow(pp, gp)

    def runqputslow(self, pp: P, gp: G) -> None:
        """The local queue is full: move half of it, plus gp, to the global queue."""
        batch = [pp.runq.popleft() for _ in range(LOCAL_RUNQ_SIZE // 2)]
        batch.append(gp)
        self.sched.runq.extend(batch)

    @staticmethod
    def runqget(pp: P) -> tuple[G, bool] | None:
        gp = pp.runnext
        if gp is not None:
            pp.runnext = None
            return gp, True
        if pp.runq:
            return pp.runq.popleft(), False
        return None

    def globrunqput(self, gp: G) -> None:
        self.sched.runq.append(gp)

    def globrunqget(self, pp: P, max_: int) -> G | None:
        """Take a fair share of the global queue: one to run, the rest into pp's local queue."""
        runq = self.sched.runq
        if not runq:
            return None
        n = min(len(runq), len(runq) // self.gomaxprocs + 1)
        if max_ > 0:
            n = min(n, max_)
        n = min(n, LOCAL_RUNQ_SIZE // 2)
        gp = runq.popleft()
        for _ in range(n - 1):
            self.runqput(pp, runq.popleft(), False)
        return gp

    # ---- idle Ps and Ms ----------------------------------------------------------------------

    def pidleput(self, pp: P) -> None:
        pp.status = P_IDLE
        pp.m = None
        self.sched.pidle.append(pp)

    def pidleget(self) -> P | None:
        return self.sched.pidle.pop() if self.sched.pidle else None

    def newm(self) -> M:
        m = M(len(self.allm))
        self.allm.append(m)
        return m

    def acquirep(self, m: M, pp: P) -> None:
        pp.status = P_RUNNING
        pp.m = m
        m.p = pp
        self.log.emit(ProcStart, self.engine.now, pp.id, m.id)

    def releasep(self, m: M) -> P:
        pp = m.p
        assert pp is not None
        m.p = None
        pp.m = None
        self.log.emit(ProcStop, self.engine.now, pp.id, m.id)
        return pp

    def wakep(self) -> None:
        """Start one spinning M for new work, unless one is spinning already."""
        if self.sched.nmspinning != 0:
            return
        if not self.sched.pidle:
            self.sched.needspinning = 1  # pidlegetSpinning: ask an M about to idle to spin instead
            return
        self.sched.nmspinning += 1
        self.startm(self.pidleget(), True)

    def startm(self, pp: P | None, spinning: bool) -> None:
        """Give ``pp`` (or an idle P) to an idle or new M and wake it."""
        if pp is None:
            pp = self.pidleget()
            if pp is None:
                if spinning:
                    self.sched.nmspinning -= 1
                return
        m = self.sched.midle.pop() if self.sched.midle else self.newm()
        m.spinning = spinning
        m.nextp = pp
        pp.status = P_RUNNING  # promised to m; a stop-the-world waits for it
        self.engine.at(self.engine.now + costs.M_WAKE, self._mstart, m)

    def _mstart(self, m: M) -> None:
        pp = m.nextp
        assert pp is not None
        m.nextp = None
        self.acquirep(m, pp)
        self.schedule(m)

    def stopm(self, m: M) -> None:
        """Park the M with no P; checkdead looks for a deadlock."""
        self.sched.midle.append(m)
        self.checkdead()

    def handoffp(self, pp: P) -> None:
        """A P lost its M (syscall, timer goroutine): find it a new M if there is any work."""
        sched = self.sched
        if pp.runq or pp.runnext is not None or sched.runq:
            self.startm(pp, False)
            return
        if sched.nmspinning + len(sched.pidle) == 0:
            sched.nmspinning += 1
            self.startm(pp, True)
            return
        if sched.gcwaiting:
            self.gcstopp(pp)
            return
        if len(sched.pidle) == self.gomaxprocs - 1 and sched.netpoller is None and self.timers.pending():
            # the last running P: someone has to wait for the timers
            self.startm(pp, False)
            return
        self.pidleput(pp)
        if pp.timers:
            self.timers.wake_netpoller(pp.timers[0].when)

    def checkdead(self) -> None:
        """Throw if no M can ever run again: every goroutine is blocked and no timer is pending."""
        if self.exit_code is not None:
            return
        running = len(self.allm) - len(self.sched.midle) - self.sched.nmidlelocked
        if running > 0 or self.timers.pending():
            return
        if any(gp.status in (G_RUNNING, G_SYSCALL, G_RUNNABLE) for gp in self.allgs):
            return
        waiting = [gp for gp in self.allgs if gp.status == G_WAITING and not gp.system]
        if not waiting:  # possible only once main has called runtime.Goexit
            self.throw("no goroutines (main called runtime.Goexit) - deadlock!", None)
            return
        self.throw("all goroutines are asleep - deadlock!", waiting[0])

    # ---- schedule ------------------------------------------------------------------------------

    def schedule(self, m: M) -> None:
        """One round of the scheduler on m: find a goroutine and run it, or put the M to sleep."""
        if m.lockedg is not None:  # its goroutine stopped running: the M sleeps until it may again
            self.stoplockedm(m)
            return
        pp = m.p
        assert pp is not None
        gp = pp.runnext
        sched = self.sched
        if (
            gp is not None
            and gp.lockedm is None
            and not m.spinning
            and not sched.gcwaiting
            and not pp.timers
            and (pp.schedtick % FAIRNESS_TICK or not sched.runq)
        ):
            # The usual case, without findRunnable's call: it would pick the runnext first (no
            # stop-the-world waits, the P has no timers to run and this is not the fairness
            # tick with goroutines in the global queue), and then this M runs it.
            pp.runnext = None
            self.execute(m, gp, True)
            return
        found = self.findRunnable(m)
        if found is not None:
            self._run_found(m, found)

    def _run_found(self, m: M, found: tuple[G, bool]) -> None:
        """The rest of schedule once findRunnable found gp: stop spinning and run it."""
        if m.spinning:  # resetspinning: the last spinning M to find work starts another
            m.spinning = False
            self.sched.nmspinning -= 1
            self.wakep()
        gp, inherit_time = found
        if gp.lockedm is not None:  # it runs only on its own M: hand that M our P
            self.startlockedm(m, gp)
            return
        self.execute(m, gp, inherit_time)

    # ---- goroutines wired to threads (LockOSThread) ----------------------------------------------

    def lock_os_thread(self, gp: G) -> None:
        m = gp.m
        assert m is not None
        m.locked += 1
        m.lockedg, gp.lockedm = gp, m

    def unlock_os_thread(self, gp: G) -> None:
        m = gp.m
        assert m is not None
        if m.locked == 0:
            return
        m.locked -= 1
        if m.locked == 0:
            m.lockedg = gp.lockedm = None

    def stoplockedm(self, m: M) -> None:
        """The locked goroutine blocked: give the P away and sleep until it is runnable."""
        if m.p is not None:
            self.handoffp(self.releasep(m))
        self.sched.nmidlelocked += 1
        self.checkdead()

    def startlockedm(self, m: M, gp: G) -> None:
        """m found gp, which is locked to another M: give that M m's P and gp, and sleep."""
        locked = gp.lockedm
        assert locked is not None
        pp = self.releasep(m)
        locked.nextp = pp
        pp.status = P_RUNNING  # promised to the locked M
        self.engine.at(self.engine.now + costs.M_WAKE, self._resume_locked, locked)
        self.stopm(m)

    def _resume_locked(self, m: M) -> None:
        pp, gp = m.nextp, m.lockedg
        assert pp is not None and gp is not None
        m.nextp = None
        self.sched.nmidlelocked -= 1
        self.acquirep(m, pp)
        self.execute(m, gp, False)

    def findRunnable(self, m: M, resume: tuple[StealScan, P, G] | None = None) -> tuple[G, bool] | None:
        """Find m a goroutine, or park m (None).  resume: stealWork's place after a pause."""
        sched = self.sched
        while True:
            pp = m.p
            assert pp is not None
            # After a pause too: Go would take the runnext and run it until the stop-the-world,
            # which preempts again every 100µs, stops it; the model preempts once, so the M stops
            # here and leaves the runnext to its P.
            if sched.gcwaiting:
                self.gcstopm(m)
                return None
            if resume is None:
                if pp.timers and self.behaviour.per_p_timers:  # (only Go >= 1.14 has per-P timers)
                    self.timers.check(pp, pp)
                if pp.schedtick % FAIRNESS_TICK == 0 and sched.runq:
                    gp = self.globrunqget(pp, 1)
                    assert gp is not None
                    return gp, False
                gp = pp.runnext
                if gp is not None:  # runqget's first choice (the usual one), without the call
                    pp.runnext = None
                    return gp, True
                found = self.runqget(pp)
                if found is not None:
                    return found
                gp = self.globrunqget(pp, 0)
                if gp is not None:
                    return gp, False
            if m.spinning or 2 * sched.nmspinning < self.gomaxprocs - len(sched.pidle):
                if not m.spinning:
                    m.spinning = True
                    sched.nmspinning += 1
                stolen = self.stealWork(m, pp, resume)
                resume = None
                if stolen is PAUSED:
                    return None
                if stolen is not None:
                    return stolen
            # Nothing to do: give the P back, then look once more without it.  (Go >= 1.21 would
            # first spin once more if needspinning is set; the model only clears the request.)
            sched.needspinning = 0
            self.releasep(m)
            self.pidleput(pp)
            if m.spinning:
                m.spinning = False
                sched.nmspinning -= 1
                if self._recheck_without_p(m):
                    continue
            poll_until = self.timers.next_when()
            if poll_until is not None and sched.netpoller is None:
                self.timers.block_in_netpoll(m, poll_until)
                return None
            self.stopm(m)
            return None

    def _recheck_without_p(self, m: M) -> bool:
        """A spinning M that gave up its P looks at every queue once more (checkRunqsNoP).

        A runnext counts (runqempty), and stealWork takes any it finds, so the M that comes
        back for one takes it, or pauses first and may find that its P ran it meanwhile:
        either way it does not come round again without virtual time passing.
        """
        if self.sched.runq or any(
            p2.runq or p2.runnext is not None for p2 in self.allp if p2.status != P_IDLE
        ):
            pp = self.pidleget()
            if pp is not None:
                self.acquirep(m, pp)
                m.spinning = True
                self.sched.nmspinning += 1
                return True
        return False

    def stealWork(
        self, m: M, pp: P, resume: tuple[StealScan, P, G] | None
    ) -> tuple[G, bool] | Literal[False] | None:
        """Four passes over the other Ps in random order; the last may take timers and runnext.

        PAUSED: m sleeps before taking a runnext and comes back through ``_steal_pause_over``.
        """
        n = self.gomaxprocs
        coprimes = [c for c in range(1, n + 1) if gcd(c, n) == 1]
        if resume is None:
            i, pos, inc, left = NEW_SCAN
        else:  # back from the pause: runqgrab tries the same P again first
            (i, pos, inc, left), p2, waited = resume
            gp = self._grab(m, pp, p2, True, resume[0], waited)
            if gp is not None:
                return PAUSED if gp is PAUSED else (gp, False)
        while True:
            if left == 0:
                if i == STEAL_TRIES:
                    return None
                i += 1
                r = self.rng.getrandbits(32)
                pos = r % n
                inc = coprimes[r // n % len(coprimes)]
                left = n
            last = i == STEAL_TRIES
            p2 = self.allp[pos]
            pos = (pos + inc) % n
            left -= 1
            if p2 is pp:
                continue
            if last and self.behaviour.per_p_timers and p2.timers:
                self.timers.check(p2, pp)
                found = self.runqget(pp)
                if found is not None:
                    return found
            if p2.status == P_IDLE:
                continue
            gp = self._grab(m, pp, p2, last, (i, pos, inc, left), None)
            if gp is not None:
                return PAUSED if gp is PAUSED else (gp, False)

    def _grab(
        self, m: M, pp: P, p2: P, steal_runnext: bool, scan: StealScan, waited: G | None
    ) -> G | Literal[False] | None:
        """runqgrab: steal from p2, first sleeping 3µs (PAUSED) before taking a runnext that
        p2's own M may be about to run: its goroutine may just have readied it and be about to
        block.  No pause for a P in a syscall (up to 1.25 one not _Prunning; from 1.26 one
        whose goroutine is in _Gsyscall, or with no M).  waited: the runnext seen before the
        pause; if it is still there the theft goes ahead (runqgrab's compare-and-swap)."""
        victim = p2.runnext
        if (
            steal_runnext
            and not p2.runq
            and victim is not None
            and victim is not waited
            and self._runnext_steal_waits(p2)
        ):
            pause = (m, (scan, p2, victim))
            until = self.engine.now + costs.STEAL_RUNNEXT_PAUSE + costs.TIMER_SLACK  # usleep(3)
            self.engine.at(until, self._steal_pause_over, pause)
            return PAUSED
        return self.runqsteal(pp, p2, steal_runnext)

    def _runnext_steal_waits(self, p2: P) -> bool:
        """Whether runqgrab sleeps before it takes p2's runnext (p2's M may run it itself)."""
        if p2.status != P_RUNNING:
            return False
        if not self.behaviour.syscall_keeps_p:
            return True
        m = p2.m
        return m is not None and (m.curg is None or m.curg.status != G_SYSCALL)

    def _steal_pause_over(self, arg: tuple[M, tuple[StealScan, P, G]]) -> None:
        m, resume = arg
        found = self.findRunnable(m, resume)
        if found is not None:
            self._run_found(m, found)

    def runqsteal(self, pp: P, p2: P, steal_runnext: bool) -> G | None:
        """Take half of p2's queue (rounded up) into pp's; return the last one taken."""
        k = len(p2.runq)
        now = self.engine.now
        if k == 0:
            victim = p2.runnext
            if not steal_runnext or victim is None:
                return None
            p2.runnext = None
            self.log.emit(Steal, now, pp.id, p2.id, 1, True)
            return victim
        n = k - k // 2
        taken = [p2.runq.popleft() for _ in range(n)]
        for gp in taken[:-1]:
            pp.runq.append(gp)
        self.log.emit(Steal, now, pp.id, p2.id, n, False)
        return taken[-1]

    def execute(self, m: M, gp: G, inherit_time: bool) -> None:
        pp = m.p
        assert pp is not None
        engine = self.engine
        now = engine.now
        gp.status = G_RUNNING
        gp.m = m
        m.curg = gp
        if not inherit_time:
            pp.schedtick += 1
        gp.preempt = gp.preempt_async = pp.preempt = False
        stats = gp.stats
        latency = now - gp.runnable_since
        stats.runs += 1
        stats.wait_ns += latency
        if latency > stats.max_latency_ns:
            stats.max_latency_ns = latency
        if self.log.enabled:  # (tested here: building the call's arguments costs as much as the call)
            self.log.emit(GoStart, now, gp.goid, pp.id, m.id, inherit_time)
        gp.clock = gp.started_at = start = now + SCHEDULE
        if self.in_request and self.gogo is None:  # _run switches to gp itself: see there
            engine.seq += 1
            self.gogo = [start, engine.seq, self.run_goroutine, gp]  # the entry at() would queue
        else:
            engine.at(start, self.run_goroutine, gp)

    # ---- running a goroutine -------------------------------------------------------------------

    def _run(self, gp: G) -> None:
        """Resume gp's code until it blocks, is preempted, or must wait for earlier events."""
        engine = self.engine
        queue = engine.queue
        gen = gp.gen
        send = gen.send
        handlers = self._handlers
        run = self.run_goroutine
        while True:
            horizon = self.horizon
            gp.stackguard = STACK_PREEMPT if gp.preempt else horizon
            gp.asyncguard = STACK_PREEMPT if gp.preempt_async else horizon
            try:
                if gp.resume_exc is None:
                    op = send(gp.retval)
                else:
                    exc, gp.resume_exc = gp.resume_exc, None
                    op = gen.throw(exc)
            except StopIteration:
                if gen is not gp.gen:  # runtime_main handed the goroutine to main.main
                    gen = gp.gen
                    send = gen.send
                    continue
                self.goexit(gp)
                return
            except GoExit:  # runtime.Goexit, once the deferred calls have run
                self.goexit(gp, main_returned=False)
                return
            except GoPanic as panic:
                self.engine.advance_to(gp.clock)
                self.stderr += f"{death_report(gp, panic, self.behaviour)}\n{goroutine_header(gp)}".encode()
                self.exit(2)
                return
            except SimulationLimit as limit:
                self.engine.advance_to(gp.clock)
                self.stderr += f"gmpsim: goroutine {gp.goid}: {limit}\n".encode()
                self.exit(2)
                return
            except RecursionError as deep:  # see gmpsim.deepstack
                if _program_frames(deep) < MAX_CALL_DEPTH // 2:
                    raise  # not the program's calls: gmpsim's own recursion ran away
                self.engine.advance_to(gp.clock)
                self.stderr += (
                    f"gmpsim: goroutine {gp.goid} went more than {MAX_CALL_DEPTH} calls deep, deeper than "
                    "gmpsim simulates (Go allows 1 GB of stack, then fails: fatal error: stack overflow)\n"
                ).encode()
                self.exit(2)
                return
            gp.retval = None
            clock = gp.clock
            # advance_to without the calls when the queue's head is not due before clock
            # (cancelled entries only ever make the earliest live one later)
            if queue and queue[0][WHEN] < clock and not engine.advance_to(clock):
                engine.at(clock, self._resume, (gp, op))
                return
            if clock > engine.now:
                engine.now = clock
            self.in_request = True
            try:
                running = handlers[op[0]](gp, op)
            except GoPanic as panic:  # the operation panics in the goroutine that asked for it
                self.in_request = False
                gp.resume_exc = panic
                continue
            self.in_request = False
            if running:
                continue
            # gp stopped running.  If its M went on to another goroutine, execute left that
            # one's start in self.gogo, numbered as if queued: when it precedes everything in
            # the queue, the engine would run it next, so switch to it here; else queue it.
            entry = self.gogo
            if entry is not None:
                self.gogo = None
                if engine.stopped or entry[WHEN] > engine.until or (queue and queue[0] < entry):
                    heappush(queue, entry)
                else:
                    engine.now = entry[WHEN]
                    gp = entry[ARG]
                    gen = gp.gen
                    send = gen.send
                    continue
            # When the engine's next callback is some goroutine's _run (another M's goroutine
            # due to start or go on), take it here, as engine.run would next, without unwinding
            # to the engine and entering _run again.
            if not queue or engine.stopped:
                return
            head = queue[0]
            if head[FN] is not run or head[WHEN] > engine.until:
                return
            heappop(queue)
            engine.now = head[WHEN]
            gp = head[ARG]
            gen = gp.gen
            send = gen.send

    def _resume(self, arg: tuple[G, tuple[Any, ...]]) -> None:
        gp, op = arg
        try:
            if not self._handlers[op[0]](gp, op):
                return
        except GoPanic as panic:
            gp.resume_exc = panic
        self._run(gp)

    def continue_running(self, gp: G) -> None:
        """gp got its P back (e.g. after a syscall) and goes on from where it stopped."""
        gp.clock = self.engine.now
        self._run(gp)

    def dropg(self, gp: G, reason: str) -> M:
        """gp stops running on its M; account its run time. Returns the M."""
        m = gp.m
        assert m is not None and m.p is not None
        now = gp.clock = self.engine.now
        gp.stats.run_ns += now - gp.started_at
        gp.spin = gp.m = m.curg = None
        if self.log.enabled:
            self.log.emit(GoStop, now, gp.goid, m.p.id, reason)
        return m

    def goexit(self, gp: G, main_returned: bool = True) -> None:
        """gp's code ended; main.main returning ends the program (runtime.Goexit does not)."""
        self.engine.advance_to(gp.clock)
        if gp is self.main_g and main_returned:
            self.exit(0)
            return
        m = self.dropg(gp, "exit")
        if gp.lockedm is not None:  # Go ends the thread with its goroutine; the model reuses it
            m.locked = 0
            m.lockedg = gp.lockedm = None
        gp.status = G_DEAD
        self.log.emit(GoEnd, self.engine.now, gp.goid)
        self.schedule(m)

    def gopark(self, gp: G, reason: str) -> M:
        """gp stops running to wait for something to ready it; returns the M it ran on, which
        the caller hands to ``schedule`` (once it has done what must follow the park)."""
        m = self.dropg(gp, "park")
        gp.status = G_WAITING
        gp.waitreason = reason
        if self.log.enabled:
            assert m.p is not None
            self.log.emit(GoPark, self.engine.now, gp.goid, m.p.id, reason)
        return m

    def ready(self, gp: G, pp: P, by: G | None) -> None:
        """goready: gp becomes runnable in pp's runnext (pp: the P of whoever readied it)."""
        gp.status = G_RUNNABLE
        gp.waitreason = ""
        now = gp.runnable_since = self.engine.now
        if self.log.enabled:
            self.log.emit(GoUnpark, now, gp.goid, by.goid if by else 0, pp.id, True)
        if pp.runnext is None:  # runqput(pp, gp, True) when there is no old runnext to kick out
            pp.runnext = gp
        else:
            self.runqput(pp, gp, True)
        sched = self.sched
        if sched.nmspinning == 0:  # wakep without its call when some M spins or no P is idle
            if sched.pidle:
                self.wakep()
            else:
                sched.needspinning = 1

    def goschedImpl(self, gp: G, preempted: bool) -> None:
        m = self.dropg(gp, "preempted" if preempted else "gosched")
        pp = m.p
        assert pp is not None
        gp.status = G_RUNNABLE
        gp.runnable_since = self.engine.now
        if preempted and self.sched.gcwaiting and self.behaviour.stw_preempt_keeps_runnext:
            self.runqput(pp, gp, True)
        else:
            self.globrunqput(gp)
        if self.behaviour.gosched_wakep:
            self.wakep()
        self.schedule(m)

    # ---- requests from goroutine code ------------------------------------------------------------

    def _op_morestack(self, gp: G, op: tuple[Any, ...]) -> bool:
        if gp.preempt:
            preempt.gopreempt_m(self, gp, "coop")
            return False
        return True

    def _op_async_safepoint(self, gp: G, op: tuple[Any, ...]) -> bool:
        if gp.preempt and gp.preempt_async:
            preempt.gopreempt_m(self, gp, "async")
            return False
        return True

    def _op_spin(self, gp: G, op: tuple[Any, ...]) -> bool:
        coop: bool = op[1]
        if gp.preempt and (coop or gp.preempt_async):
            preempt.gopreempt_m(self, gp, "coop" if coop else "async")
            return False
        gp.spin = coop  # holds its M and P until preempted; nothing is scheduled for it
        return False

    def _op_go(self, gp: G, op: tuple[Any, ...]) -> bool:
        fn, args, name, pos = op[1:5]
        gp.clock += costs.NEWPROC
        newg = self.newproc(gp, fn, args, name, pos)
        newg.system = name.startswith("runtime.")
        return True

    def _op_sleep(self, gp: G, op: tuple[Any, ...]) -> bool:
        ns: int = op[1]
        if ns <= 0:
            return True
        self.timers.sleep(gp, ns)
        return False

    def _op_write(self, gp: G, op: tuple[Any, ...]) -> bool:
        syscall.write(self, gp, op[1], op[2])
        return False

    def _op_gosched(self, gp: G, op: tuple[Any, ...]) -> bool:
        gp.stats.goscheds += 1
        self.goschedImpl(gp, False)
        return False

    def _op_gosched_loop(self, gp: G, op: tuple[Any, ...]) -> bool:
        """Gosched in a loop that does nothing else: its round trips up to the next event at once.

        Each iteration costs the same (codegen.effects), so once one whole iteration has been
        timed -- a run that began right after the previous Gosched, i.e. with exactly one
        ``execute`` since -- every round trip that ends before anything else can happen is
        accounted in one step, leaving the state the step-by-step path would have left; the
        skipped iterations' arithmetic is not done, as the loop never ends and nothing outside
        it sees its locals.  The last round trip before the next event is made for real.
        """
        now = self.engine.now
        stats = gp.stats
        if stats.runs == gp.gosched_mark + 1:
            gp.gosched_cost = now - gp.started_at
        n = self._goscheds_before_next_event(gp)
        if n:
            cost = gp.gosched_cost
            assert cost is not None and gp.m is not None and gp.m.p is not None
            pp = gp.m.p
            period = SCHEDULE + cost
            if self.log.enabled:
                self.log.emit(GoschedBatch, now, gp.goid, pp.id, gp.m.id, n, period)
            stats.run_ns += now - gp.started_at + (n - 1) * cost
            stats.runs += n
            stats.goscheds += n
            pp.schedtick += n
            gp.preempt = gp.preempt_async = pp.preempt = False  # as each execute left them
            if self.behaviour.gosched_wakep and self.sched.nmspinning == 0:
                self.sched.needspinning = 1  # each wakep found no idle P
            now += n * period
            self.engine.now = gp.clock = now
            gp.started_at = now - cost
        gp.gosched_mark = stats.runs
        return self._op_gosched(gp, op)

    def _goscheds_before_next_event(self, gp: G) -> int:
        """How many Gosched round trips gp makes, from now, that change nothing but counters and
        end (with the iteration after them) before the engine's next event, a timer of gp's P
        falling due, or the end of the run; 0 while another goroutine is runnable."""
        cost = gp.gosched_cost
        sched = self.sched
        pp = gp.m.p if gp.m is not None else None
        if cost is None or pp is None or sched.runq or pp.runnext is not None or pp.runq or sched.gcwaiting:
            return 0
        if self.behaviour.gosched_wakep and sched.nmspinning == 0 and sched.pidle:
            return 0  # goschedImpl's wakep would start an M
        engine = self.engine
        bound = min(engine.next_time(), engine.until + 1)
        if self.behaviour.per_p_timers and pp.timers:
            bound = min(bound, pp.timers[0].when)  # findRunnable's checkTimers would run it
        return max(0, (bound - engine.now - 1) // (SCHEDULE + cost))

    def _op_gomaxprocs(self, gp: G, op: tuple[Any, ...]) -> bool:
        n: int = op[1]
        gp.retval = self.gomaxprocs
        if n <= 0 or n == self.gomaxprocs:
            return True
        self.stopTheWorld(gp, n)
        return False

    def _op_numgoroutine(self, gp: G, op: tuple[Any, ...]) -> bool:
        gp.retval = sum(1 for g in self.allgs if g.status != G_DEAD and not g.system)
        return True

    def _op_exit(self, gp: G, op: tuple[Any, ...]) -> bool:
        self.exit(op[1])
        return False

    def _op_timerproc(self, gp: G, op: tuple[Any, ...]) -> bool:
        return self.timers.timerproc_step(gp, op[1])

    def _op_close(self, gp: G, op: tuple[Any, ...]) -> bool:
        chan.closechan(self, gp, op[1])
        return True

    def _op_select(self, gp: G, op: tuple[Any, ...]) -> bool:
        result = select.selectgo(self, gp, op[1], op[2])
        if result is None:
            return False
        gp.retval = result
        return True

    def _op_wg_add(self, gp: G, op: tuple[Any, ...]) -> bool:
        sema.waitgroup_add(self, gp, op[1], op[2])
        return True

    def _op_wg_wait(self, gp: G, op: tuple[Any, ...]) -> bool:
        return sema.waitgroup_wait(self, gp, op[1])

    def _op_lock(self, gp: G, op: tuple[Any, ...]) -> bool:
        return sema.mutex_lock(self, gp, op[1])

    def _op_unlock(self, gp: G, op: tuple[Any, ...]) -> bool:
        return sema.mutex_unlock(self, gp, op[1])

    def _op_newtimer(self, gp: G, op: tuple[Any, ...]) -> bool:
        gp.retval = self.timers.new_timer(gp, op[1], op[2])
        return True

    def _op_stoptimer(self, gp: G, op: tuple[Any, ...]) -> bool:
        gp.retval = self.timers.stop(op[1])
        return True

    def _op_resettimer(self, gp: G, op: tuple[Any, ...]) -> bool:
        gp.retval = self.timers.reset(gp, op[1], op[2])
        return True

    def _op_runlock(self, gp: G, op: tuple[Any, ...]) -> bool:
        sema.rwmutex_runlock(self, gp, op[1])
        return self.exit_code is None  # (unlocking an unlocked RWMutex throws)

    def _op_rwunlock(self, gp: G, op: tuple[Any, ...]) -> bool:
        sema.rwmutex_unlock(self, gp, op[1])
        return self.exit_code is None

    def _op_cond_wait(self, gp: G, op: tuple[Any, ...]) -> bool:
        sema.cond_wait(self, gp, op[1])
        return False

    def _op_cond_signal(self, gp: G, op: tuple[Any, ...]) -> bool:
        sema.cond_signal(self, gp, op[1], op[2])
        return True

    def _op_lockosthread(self, gp: G, op: tuple[Any, ...]) -> bool:
        if op[1]:
            self.lock_os_thread(gp)
        else:
            self.unlock_os_thread(gp)
        return True

    def _op_gc(self, gp: G, op: tuple[Any, ...]) -> bool:
        gp.clock += self.gc.collect(self.engine.now)
        return True

    def _op_readmemstats(self, gp: G, op: tuple[Any, ...]) -> bool:
        self.gc.read(op[1])
        return True

    def _op_park(self, gp: G, op: tuple[Any, ...]) -> bool:
        self.schedule(self.gopark(gp, op[1]))
        return False

    # ---- stop the world and GOMAXPROCS ------------------------------------------------------------

    def stopTheWorld(self, gp: G, newprocs: int) -> None:
        """runtime.GOMAXPROCS(n): stop every P, resize, restart.  gp's M waits holding its P."""
        sched = self.sched
        m = gp.m
        assert m is not None and m.p is not None
        sched.gcwaiting = True
        sched.stw_waiter = gp
        gp.waitreason = WAIT_STOP_THE_WORLD
        self._stw_newprocs = newprocs
        for pp in self.allp:
            if pp is m.p:
                continue
            if pp.status == P_IDLE and pp in sched.pidle:
                sched.pidle.remove(pp)
                pp.status = P_GCSTOP
            elif syscall.in_syscall(self, pp):
                syscall.takep(self, pp, P_GCSTOP)
            else:
                sched.stopwait += 1
                preempt.preemptone(self, pp, "stw")
        if sched.stopwait == 0:
            self.engine.at(self.engine.now + costs.STOP_THE_WORLD, self._startTheWorld, None)

    def gcstopp(self, pp: P) -> None:
        pp.status = P_GCSTOP
        self.sched.stopwait -= 1
        if self.sched.stopwait == 0:
            self.engine.at(self.engine.now + costs.STOP_THE_WORLD, self._startTheWorld, None)

    def gcstopm(self, m: M) -> None:
        if m.spinning:
            m.spinning = False
            self.sched.nmspinning -= 1
        pp = self.releasep(m)
        self.gcstopp(pp)
        self.stopm(m)

    def _startTheWorld(self, _: None) -> None:
        sched = self.sched
        gp = sched.stw_waiter
        assert gp is not None and gp.m is not None
        sched.gcwaiting = False
        sched.stw_waiter = None
        gp.waitreason = ""
        runnable = self.procresize(self._stw_newprocs, gp.m)
        for pp in runnable:
            self.startm(pp, False)
        self.wakep()
        if sched.sysmonwait:
            self.sysmon.wake(syscall_wake=False)
        self.continue_running(gp)

    def procresize(self, nprocs: int, caller: M | None = None) -> list[P]:
        """Resize allp to nprocs; return the Ps (other than the caller's) that have work."""
        old = self.gomaxprocs
        now = self.engine.now
        while len(self.allp) < nprocs:
            self.allp.append(P(len(self.allp)))
        for pp in self.allp[nprocs:]:
            self._destroy_p(pp, caller)
        del self.allp[nprocs:]
        self.gomaxprocs = nprocs
        if caller is not None and caller.p is not None and caller.p.id >= nprocs:
            caller.p = None
            self.acquirep(caller, self.allp[0])
        runnable: list[P] = []
        for pp in self.allp:
            if caller is not None and pp is caller.p:
                continue
            if pp.status == P_IDLE and pp in self.sched.pidle:
                continue
            if pp.runq or pp.runnext is not None:
                runnable.append(pp)
            else:
                self.pidleput(pp)
        if old != nprocs:
            self.log.emit(Gomaxprocs, now, old, nprocs)
        return runnable

    def _destroy_p(self, pp: P, caller: M | None) -> None:
        """p.destroy: its goroutines go to the head of the global queue, its timers to the caller."""
        runq = self.sched.runq
        while pp.runq:
            runq.appendleft(pp.runq.pop())
        if pp.runnext is not None:
            runq.appendleft(pp.runnext)
            pp.runnext = None
        if pp.timers and caller is not None and caller.p is not None:
            self.timers.move(pp, caller.p)
        if pp in self.sched.pidle:
            self.sched.pidle.remove(pp)
        pp.status = P_DEAD


def goroutine_header(gp: G) -> str:
    """traceback.go's goroutineheader: ``goroutine 1 [chan receive, locked to thread]:``."""
    locked = ", locked to thread" if gp.lockedm is not None else ""
    return f"goroutine {gp.goid} [{gp.waitreason or 'running'}{locked}]:\n"


def runtime_main(g: G, main: GoFunc, updatemaxprocs: bool) -> Coroutine:
    """runtime.main: start the runtime's own goroutines, then run main.main.

    The runtime's init starts forcegchelper, gcenable starts the background sweeper and
    scavenger and waits until both have signalled on a channel, and package os's init starts the
    finalizer goroutine.  They park for good; what matters is that they take goroutine ids 2-5
    and schedule ticks, so that the program's first goroutine is number 6, as in Go.  Under
    GODEBUG=updatemaxprocs=1 (Go 1.25's default in module mode) the GOMAXPROCS updater starts
    right after gcenable and takes id 5: sysmon would wake it only when the CPU limit changes,
    which on the simulated machine it never does.
    """
    yield (ops.GO, _park_forever, (WAIT_FORCEGC_IDLE,), "runtime.forcegchelper", None)
    started = chan.makechan(2, 0)
    yield (ops.GO, _signal_and_park, (started, WAIT_GC_SWEEP), "runtime.bgsweep", None)
    yield (ops.GO, _signal_and_park, (started, WAIT_GC_SCAVENGE), "runtime.bgscavenge", None)
    yield (ops.CHANRECV, started)
    yield (ops.CHANRECV, started)
    if updatemaxprocs:
        yield (ops.GO, _park_forever, (WAIT_UPDATE_GOMAXPROCS_IDLE,), "runtime.updateMaxProcsGoroutine", None)
    # package os's init sets finalizers on the standard files, which starts the finalizer goroutine
    yield (ops.GO, _park_forever, (WAIT_FINALIZER,), "runtime.runfinq", None)
    # main.main becomes the goroutine's code (``_run`` picks it up when this generator ends):
    # the same as ``yield from main(g)``, without passing every resume through this frame.
    g.gen = main(g)


def _park_forever(g: G, reason: str) -> Coroutine:
    yield (ops.PARK, reason)


def _signal_and_park(g: G, started: chan.Chan, reason: str) -> Coroutine:
    yield (ops.CHANSEND, started, 1)
    yield (ops.PARK, reason)
