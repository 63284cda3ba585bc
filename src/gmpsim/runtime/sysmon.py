"""sysmon: the runtime's monitor thread, an M without a P that wakes up periodically.

It sleeps 20µs at first; after 50 consecutive rounds in which it retook nothing it doubles the
sleep each round, up to 10ms -- so next to a goroutine that never blocks it settles at 10ms.  If
every P is idle it sleeps deeply until the next timer (at most a minute) or until a goroutine
enters or leaves a syscall.  Each round ``retake`` asks the goroutine on a P to stop when that P's
``schedtick`` has not moved for 10ms (``forcePreemptNS``), and takes a P away from a goroutine
blocked in a syscall (a ``_Psyscall`` P up to Go 1.25, a ``_Prunning`` one whose goroutine is in
``_Gsyscall`` from 1.26: :func:`gmpsim.runtime.syscall.in_syscall`).  Because the time slice
is only measured at sysmon's ticks, a goroutine that never blocks is preempted every 10-20ms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gmpsim.runtime import preempt
from gmpsim.runtime.engine import Callback, Timed, cancel
from gmpsim.runtime.runtime2 import P_IDLE, P_RUNNING, P_SYSCALL
from gmpsim.runtime.schedtrace import SchedTrace
from gmpsim.runtime.syscall import in_syscall, takep
from gmpsim.runtime.trace import HandoffP
from gmpsim.runtime.trace import SysmonTick as SysmonTickEvent

if TYPE_CHECKING:
    from gmpsim.runtime.proc import Runtime

FORCE_PREEMPT_NS = 10_000_000  # forcePreemptNS
FORCEGC_PERIOD_NS = 2 * 60 * 1_000_000_000  # forcegcperiod
MIN_DELAY_US = 20
MAX_DELAY_US = 10_000
IDLE_ROUNDS_BEFORE_BACKOFF = 50


class Sysmon:
    """sysmon's loop, unrolled into engine callbacks: sleep, maybe deep-sleep, retake, repeat."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.idle = 0  # rounds in a row that retook no P
        self.delay = 0  # µs slept before the current round
        self.sleeping: Timed | None = None  # the pending wake-up
        self.deep = False  # in the deep sleep (sched.sysmonwait)
        self.schedtrace: SchedTrace | None = None  # GODEBUG=schedtrace: printed after each round

    def start(self) -> None:
        self._sleep()

    def _sleep(self) -> None:
        if self.idle == 0:
            self.delay = MIN_DELAY_US
        elif self.idle > IDLE_ROUNDS_BEFORE_BACKOFF:
            self.delay *= 2
        self.delay = min(self.delay, MAX_DELAY_US)
        self._wake_at(self.rt.engine.now + self.delay * 1000, self._round)

    def _wake_at(self, when: int, fn: Callback) -> None:
        self.sleeping = self.rt.engine.at(when, fn, None)
        self.rt.horizon = when

    def _round(self, _: None) -> None:
        rt = self.rt
        now = rt.engine.now
        sched = rt.sched
        if self.schedtrace is None and (sched.gcwaiting or len(sched.pidle) == rt.gomaxprocs):
            next_timer = rt.timers.next_when()
            wake = now + FORCEGC_PERIOD_NS // 2
            if next_timer is not None and next_timer < wake:
                wake = next_timer
            if wake > now:
                self.deep = True
                sched.sysmonwait = True
                self._wake_at(wake, self._after_deep_sleep)
                return
        self._retake_round()

    def _after_deep_sleep(self, _: None) -> None:
        self.deep = False
        self.rt.sched.sysmonwait = False
        self._retake_round()

    def wake(self, syscall_wake: bool) -> None:
        """notewakeup(&sched.sysmonnote): end the deep sleep now."""
        if not self.deep:
            return
        if self.sleeping is not None:
            cancel(self.sleeping)
        if syscall_wake:
            self.idle = 0
            self.delay = MIN_DELAY_US
        self._wake_at(self.rt.engine.now, self._after_deep_sleep)

    def _retake_round(self) -> None:
        rt = self.rt
        if rt.log.enabled:  # (no call on every tick when events are off)
            rt.log.emit(SysmonTickEvent, rt.engine.now, self.delay)
        if self.retake(rt.engine.now) != 0:
            self.idle = 0
        else:
            self.idle += 1
        if self.schedtrace is not None:
            self.schedtrace.tick(rt.engine.now)
        self._sleep()

    def retake(self, now: int) -> int:
        """Preempt long-running goroutines; take Ps from goroutines blocked in syscalls."""
        rt = self.rt
        sched = rt.sched
        n = 0
        for pp in list(rt.allp):
            pd = pp.sysmontick
            status = pp.status
            sysretake = False
            if status in (P_RUNNING, P_SYSCALL):
                t = pp.schedtick
                if pd.schedtick != t:
                    pd.schedtick = t
                    pd.schedwhen = now
                elif pd.schedwhen + FORCE_PREEMPT_NS <= now:
                    preempt.preemptone(rt, pp, "sysmon")
                    sysretake = True
            if not in_syscall(rt, pp):
                continue
            t = pp.syscalltick
            if not sysretake and pd.syscalltick != t:
                pd.syscalltick = t
                pd.syscallwhen = now
                continue
            if (
                not pp.runq
                and pp.runnext is None
                and sched.nmspinning + len(sched.pidle) > 0
                and pd.syscallwhen + FORCE_PREEMPT_NS > now
            ):
                continue
            takep(rt, pp, P_IDLE)
            n += 1
            rt.log.emit(HandoffP, now, pp.id, -1)
            rt.handoffp(pp)
        return n
