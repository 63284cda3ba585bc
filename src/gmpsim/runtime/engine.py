"""The discrete-event core: a virtual clock in nanoseconds and a queue of timed callbacks.

The engine knows nothing about Go.  The runtime model schedules callbacks (``at``) for the things
that happen at a known virtual time -- an M waking up, a goroutine reaching its next observable
operation, sysmon's next tick -- and the engine calls them in time order.  Callbacks scheduled for
the same instant run in the order they were scheduled, so a run is a pure function of its inputs.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

INFINITY = 1 << 62  # later than any virtual time a simulation reaches (about 146 years)

Callback = Callable[[Any], None]


class Timed:
    """A scheduled callback; ``cancel`` turns it into a no-op without touching the heap."""

    __slots__ = ("arg", "fn", "seq", "when")

    def __init__(self, when: int, seq: int, fn: Callback | None, arg: Any) -> None:
        self.when = when
        self.seq = seq
        self.fn = fn
        self.arg = arg

    def __lt__(self, other: Timed) -> bool:
        return (self.when, self.seq) < (other.when, other.seq)

    def cancel(self) -> None:
        self.fn = None


class Engine:
    """Runs callbacks in virtual-time order until none are left, ``stop`` is called or time runs out."""

    def __init__(self) -> None:
        self.now = 0
        self._queue: list[Timed] = []
        self._seq = 0
        self._stopped = False

    def at(self, when: int, fn: Callback, arg: Any = None) -> Timed:
        """Call ``fn(arg)`` at virtual time ``when`` (never earlier than now)."""
        self._seq += 1
        entry = Timed(max(when, self.now), self._seq, fn, arg)
        heapq.heappush(self._queue, entry)
        return entry

    def next_time(self) -> int:
        """The time of the earliest pending callback, or INFINITY."""
        queue = self._queue
        while queue and queue[0].fn is None:
            heapq.heappop(queue)
        return queue[0].when if queue else INFINITY

    def advance_to(self, when: int) -> bool:
        """Move the clock to ``when`` from inside a callback, if nothing is due before it."""
        if when > self.next_time():
            return False
        if when > self.now:
            self.now = when
        return True

    def stop(self) -> None:
        """End ``run`` after the current callback."""
        self._stopped = True

    def run(self, until: int = INFINITY) -> bool:
        """Run callbacks with ``when <= until``; True when stopped or out of work, False at ``until``."""
        queue = self._queue
        pop = heapq.heappop
        while queue and not self._stopped:
            entry = queue[0]
            if entry.when > until:
                self.now = until
                return False
            pop(queue)
            fn = entry.fn
            if fn is None:
                continue
            self.now = entry.when
            fn(entry.arg)
        return True
