"""Timers and time.Sleep, in both of the designs Go has used.

Go >= 1.14 keeps a timer heap per P.  ``time.Sleep`` adds a timer to the sleeper's P and parks;
the timer fires only when an M holding some P enters the scheduler and runs ``checkTimers`` (its
own P's, or a victim's while stealing), and the woken goroutine lands in that M's runnext.  An M
with nothing to do blocks in netpoll until the earliest timer.  So with every P busy in code that
cannot be preempted, expired timers simply wait.

Before 1.14 timers lived in buckets (one up to Go 1.9, 64 indexed by P id from 1.10), each served
by a ``timerproc`` goroutine: it runs the expired timers, then sleeps in ``notetsleepg`` until the
next one -- a blocking syscall that gives its P away -- or parks when its bucket is empty.  When
it wakes it needs a P like any goroutine leaving a syscall, and with none idle it waits in the
global run queue.
"""

from __future__ import annotations

import heapq
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gmpsim.runtime import costs, ops, syscall
from gmpsim.runtime.chan import Chan, makechan, sendtime
from gmpsim.runtime.engine import Timed, cancel
from gmpsim.runtime.runtime2 import WAIT_SLEEP, WAIT_TIMER_GOROUTINE_IDLE, G, M, P
from gmpsim.runtime.trace import TimerFire, TimerSet

if TYPE_CHECKING:
    from gmpsim.runtime.proc import Runtime

EPOLL_TICK = 1_000_000  # epoll_wait's timeout unit


@dataclass(order=True)
class Timer:
    """A runtime timer: it readies a sleeping goroutine or sends the time on a channel."""

    when: int
    seq: int
    g: G | None = field(default=None, compare=False)  # time.Sleep: goroutineReady's argument
    c: Chan | None = field(default=None, compare=False)  # time.NewTimer/NewTicker/After: sendTime
    period: int = field(default=0, compare=False)  # tickers fire again every period
    active: bool = field(default=True, compare=False)  # Stop clears it; the heap drops it lazily


class TimerHandle:
    """The Go value of a *time.Timer or *time.Ticker: its channel C and its current timer."""

    def __init__(self, timer: Timer) -> None:
        self.C = timer.c
        self.timer = timer


@dataclass
class TimersBucket:
    """One of the pre-1.14 timer buckets and its timerproc goroutine."""

    heap: list[Timer] = field(default_factory=list)
    gp: G | None = None  # the timerproc goroutine, created with the bucket's first timer
    sleeping: Timed | None = None  # timerproc's M is in notetsleepg until this wake-up
    rescheduling: bool = False  # timerproc is parked on an empty bucket


class Timers:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.seq = 0
        nbuckets = rt.behaviour.timer_buckets
        self.buckets = [TimersBucket() for _ in range(nbuckets)]

    # ---- time.Sleep -----------------------------------------------------------------------

    def sleep(self, gp: G, ns: int) -> None:
        """timeSleep: park gp with a timer that readies it ns from now."""
        rt = self.rt
        m = gp.m
        assert m is not None and m.p is not None
        pp = m.p
        self.seq += 1
        timer = Timer(rt.engine.now + ns, self.seq, gp)
        rt.log.emit(TimerSet, rt.engine.now, gp.goid, timer.when)
        if self.buckets:
            self._addtimer_bucket(gp, pp, timer)
            rt.schedule(rt.gopark(gp, WAIT_SLEEP))
            return
        rt.gopark(gp, WAIT_SLEEP)  # resetForSleep arms the timer once gp is parked
        heapq.heappush(pp.timers, timer)
        self.wake_netpoller(timer.when)
        rt.schedule(m)

    # ---- time.NewTimer, NewTicker, After, Tick ------------------------------------------------

    def new_timer(self, gp: G, ns: int, period: int) -> TimerHandle:
        """A timer that sends the time on its channel C (buffered, as before Go 1.23)."""
        return TimerHandle(self._arm(gp, ns, makechan(1, 0), period))

    def _arm(self, gp: G, ns: int, c: Chan, period: int) -> Timer:
        self.seq += 1
        timer = Timer(self.rt.engine.now + max(ns, 0), self.seq, None, c, period)
        self._add(gp, timer)
        return timer

    @staticmethod
    def stop(handle: TimerHandle) -> bool:
        """Timer.Stop / Ticker.Stop: True if the timer had not fired yet."""
        was_active = handle.timer.active
        handle.timer.active = False
        return was_active

    def reset(self, gp: G, handle: TimerHandle, ns: int) -> bool:
        """Timer.Reset / Ticker.Reset: stop, then arm a new timer on the same channel."""
        was_active = self.stop(handle)
        old = handle.timer
        assert old.c is not None
        handle.timer = self._arm(gp, ns, old.c, ns if old.period else 0)
        return was_active

    def _add(self, gp: G, timer: Timer) -> None:
        m = gp.m
        assert m is not None and m.p is not None
        if self.buckets:
            self._addtimer_bucket(gp, m.p, timer)
            return
        heapq.heappush(m.p.timers, timer)
        self.wake_netpoller(timer.when)

    def _fire(self, timer: Timer, heap: list[Timer], into: P, by: G | None) -> None:
        """Run one expired timer popped from heap: ready its sleeper or send on its channel."""
        rt = self.rt
        now = rt.engine.now
        if timer.g is not None:
            rt.log.emit(TimerFire, now, timer.g.goid, into.id, timer.when)
            rt.ready(timer.g, into, by)
            return
        rt.log.emit(TimerFire, now, 0, into.id, timer.when)
        assert timer.c is not None
        sendtime(rt, timer.c, now, into, by)
        if timer.period > 0:
            timer.when += timer.period * (1 + (now - timer.when) // timer.period)
            self.seq += 1
            timer.seq = self.seq
            heapq.heappush(heap, timer)
        else:
            timer.active = False

    # ---- per-P timers (Go >= 1.14) ---------------------------------------------------------

    def check(self, owner: P, into: P) -> None:
        """checkTimers: run owner's expired timers; the woken goroutines go to into's runnext."""
        heap = owner.timers
        if not heap:
            return
        rt = self.rt
        now = rt.engine.now
        while heap and heap[0].when <= now:
            timer = heapq.heappop(heap)
            if timer.active:
                self._fire(timer, heap, into, None)

    def next_when(self) -> int | None:
        """The earliest per-P timer, if any (what an idle M blocks in netpoll for)."""
        for pp in self.rt.allp:
            while pp.timers and not pp.timers[0].active:
                heapq.heappop(pp.timers)
        whens = [pp.timers[0].when for pp in self.rt.allp if pp.timers]
        return min(whens) if whens else None

    def pending(self) -> bool:
        return self.next_when() is not None or any(t.active for tb in self.buckets for t in tb.heap)

    def move(self, src: P, dst: P) -> None:
        """A destroyed P's timers go to the P that resized (procresize)."""
        for timer in src.timers:
            heapq.heappush(dst.timers, timer)
        src.timers.clear()

    def block_in_netpoll(self, m: M, until: int) -> None:
        """An M with nothing to do sleeps until the earliest timer (findRunnable's netpoll).

        epoll_wait counts in whole milliseconds: less than 1ms waits 1ms, more is rounded
        down (the M then wakes early and waits again), and the kernel adds its timer slack.
        """
        rt = self.rt
        delay = until - rt.engine.now
        wait = EPOLL_TICK if delay < EPOLL_TICK else delay // EPOLL_TICK * EPOLL_TICK
        rt.sched.netpoller = m
        m.blocked_until = rt.engine.now + wait + costs.TIMER_SLACK
        m.wake = rt.engine.at(m.blocked_until, self._netpoll_returned, m)

    def wake_netpoller(self, when: int) -> None:
        """A new timer: make sure some M will wake up for it."""
        rt = self.rt
        poller = rt.sched.netpoller
        if poller is not None:
            if when < poller.blocked_until:  # netpollBreak: it wakes and waits again, shorter
                cancel(poller.wake)
                poller.blocked_until = rt.engine.now + costs.M_WAKE
                poller.wake = rt.engine.at(poller.blocked_until, self._netpoll_returned, poller)
            return
        rt.wakep()

    def _netpoll_returned(self, m: M) -> None:
        rt = self.rt
        rt.sched.netpoller = None
        pp = rt.pidleget()
        if pp is None:
            rt.stopm(m)
            return
        rt.acquirep(m, pp)
        rt.schedule(m)

    # ---- timer buckets and timerproc (Go < 1.14) -----------------------------------------

    def _addtimer_bucket(self, gp: G, pp: P, timer: Timer) -> None:
        rt = self.rt
        tb = self.buckets[pp.id % len(self.buckets)]
        heapq.heappush(tb.heap, timer)
        if tb.gp is None:
            tb.gp = rt.newproc(gp, _timerproc, (tb,), "runtime.timerproc", None)
            tb.gp.system = True
        elif tb.heap[0] is timer:  # a new earliest deadline
            if tb.sleeping is not None:  # notewakeup
                cancel(tb.sleeping)
                tb.sleeping = rt.engine.at(rt.engine.now + costs.M_WAKE, self._timerproc_woken, tb)
            if tb.rescheduling:
                tb.rescheduling = False
                rt.ready(tb.gp, pp, gp)

    def timerproc_step(self, gp: G, tb: TimersBucket) -> bool:
        """One turn of timerproc's loop: fire what is due, then sleep or park."""
        rt = self.rt
        now = rt.engine.now
        m = gp.m
        assert m is not None and m.p is not None
        while tb.heap and tb.heap[0].when <= now:
            timer = heapq.heappop(tb.heap)
            if timer.active:
                self._fire(timer, tb.heap, m.p, gp)
        if not tb.heap:
            tb.rescheduling = True
            rt.schedule(rt.gopark(gp, WAIT_TIMER_GOROUTINE_IDLE))
            return False
        syscall.entersyscallblock(rt, gp, "notetsleepg")
        tb.sleeping = rt.engine.at(tb.heap[0].when + costs.TIMER_SLACK, self._timerproc_woken, tb)
        return False

    def _timerproc_woken(self, tb: TimersBucket) -> None:
        tb.sleeping = None
        assert tb.gp is not None
        syscall.exitsyscall(self.rt, tb.gp)


def _timerproc(g: G, tb: TimersBucket) -> Generator[tuple[Any, ...], Any, None]:
    op = (ops.TIMERPROC, tb)
    while True:
        yield op
