"""The event log: typed scheduler events with virtual timestamps (Go's runtime/trace, simplified).

Every event is a frozen dataclass whose first field ``t`` is the virtual time in nanoseconds.
The runtime appends them to an :class:`EventLog` as things happen; the Python API hands the list
to the caller, and timelines, traces and explanations are all computed from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Event:
    t: int  # virtual nanoseconds since the program started


@dataclass(frozen=True, slots=True)
class GoCreate(Event):
    g: int  # the new goroutine
    parent: int  # its creator (0: the runtime)
    func: str  # entry function, e.g. "main.deadloop"
    p: int  # the P whose run queue received it


@dataclass(frozen=True, slots=True)
class GoStart(Event):
    g: int
    p: int
    m: int
    inherit_time: bool  # taken from runnext: shares the previous goroutine's time slice


@dataclass(frozen=True, slots=True)
class GoStop(Event):
    """A goroutine left its P: ``reason`` is preempted, gosched, park, syscall, stw or exit."""

    g: int
    p: int
    reason: str


@dataclass(frozen=True, slots=True)
class GoschedBatch(Event):
    """``n`` Gosched round trips in one event: from ``t`` on, every ``period`` ns, ``g`` called
    runtime.Gosched and got its P straight back, nothing else being runnable -- what ``n`` pairs of
    GoStop (gosched) and GoStart (on ``p`` and ``m``, not inheriting) at those times would say."""

    g: int
    p: int
    m: int
    n: int
    period: int


@dataclass(frozen=True, slots=True)
class Preempt(Event):
    g: int
    p: int
    kind: str  # "coop" (stack-check prologue) or "async" (signal)


@dataclass(frozen=True, slots=True)
class PreemptRequest(Event):
    """sysmon (or a stop-the-world) asked the goroutine running on ``p`` to stop."""

    g: int
    p: int
    by: str  # "sysmon" or "stw"


@dataclass(frozen=True, slots=True)
class GoPark(Event):
    g: int
    p: int
    reason: str  # Go's wait reason, e.g. "sleep", "chan receive"


@dataclass(frozen=True, slots=True)
class GoUnpark(Event):
    g: int
    by: int  # goroutine that readied it (0: the runtime, e.g. a timer run by the scheduler)
    p: int  # P whose run queue received it
    runnext: bool


@dataclass(frozen=True, slots=True)
class Steal(Event):
    thief: int  # P that stole
    victim: int  # P stolen from
    n: int  # goroutines taken
    runnext: bool  # the victim's runnext was taken


@dataclass(frozen=True, slots=True)
class TimerSet(Event):
    """time.Sleep armed a timer: ``g`` should become runnable at ``when``."""

    g: int
    when: int


@dataclass(frozen=True, slots=True)
class TimerFire(Event):
    g: int  # goroutine the timer wakes
    p: int  # P that ran the timer (-1: a timer goroutine's M)
    when: int  # when the timer was due


@dataclass(frozen=True, slots=True)
class SyscallEnter(Event):
    g: int
    p: int
    what: str  # e.g. "write"


@dataclass(frozen=True, slots=True)
class SyscallExit(Event):
    g: int
    p: int  # P it continues on (-1: none, the goroutine went to the global queue)
    kept_p: bool  # fast path: its P was still waiting for it


@dataclass(frozen=True, slots=True)
class HandoffP(Event):
    """sysmon retook a P from a goroutine blocked in a syscall, or the goroutine gave it up."""

    p: int
    g: int


@dataclass(frozen=True, slots=True)
class ProcStart(Event):
    p: int
    m: int


@dataclass(frozen=True, slots=True)
class ProcStop(Event):
    p: int
    m: int


@dataclass(frozen=True, slots=True)
class Gomaxprocs(Event):
    old: int
    new: int


@dataclass(frozen=True, slots=True)
class SysmonTick(Event):
    delay_us: int  # how long sysmon slept before this tick


@dataclass(frozen=True, slots=True)
class Output(Event):
    g: int
    fd: int  # 1 stdout, 2 stderr
    data: bytes


@dataclass(frozen=True, slots=True)
class GoEnd(Event):
    g: int


@dataclass(frozen=True, slots=True)
class Exit(Event):
    code: int


class EventLog:
    """Events in the order they happened (their ``t`` never decreases)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.events: list[Event] = []

    def emit(self, kind: type[Event] | Event, *fields: Any) -> None:
        """Record ``kind(*fields)`` (or a ready-made event); nothing is built when the log is off."""
        if self.enabled:
            self.events.append(kind if isinstance(kind, Event) else kind(*fields))
