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

# A scheduled callback is the list [when, seq, fn, arg]: the heap then orders entries by the
# C-level list comparison (seq is unique, so fn and arg are never compared), several times
# cheaper than an object with a Python ``__lt__``.  ``cancel`` sets fn to None: a no-op entry.
Timed = list[Any]
WHEN, SEQ, FN, ARG = range(4)


def cancel(entry: Timed) -> None:
    """Turn a scheduled callback into a no-op without touching the heap."""
    entry[FN] = None


class Engine:
    """Runs callbacks in virtual-time order until none are left, ``stop`` is called or time runs out."""

    def __init__(self) -> None:
        self.now = 0
        self.queue: list[Timed] = []  # a heap; the runtime's hot path peeks at queue[0][WHEN]
        # the number of the last entry made; the runtime's direct switch makes one itself
        # (numbered as ``at`` would, not queued), to run it at once if it precedes the queue
        self.seq = 0
        self.stopped = False
        self.until = INFINITY  # the limit of the current ``run``

    def at(self, when: int, fn: Callback, arg: Any = None) -> Timed:
        """Call ``fn(arg)`` at virtual time ``when`` (never earlier than now)."""
        self.seq += 1
        entry = [when if when > self.now else self.now, self.seq, fn, arg]
        heapq.heappush(self.queue, entry)
        return entry

    def next_time(self) -> int:
        """The time of the earliest pending callback, or INFINITY."""
        queue = self.queue
        while queue and queue[0][FN] is None:
            heapq.heappop(queue)
        return queue[0][WHEN] if queue else INFINITY

    def advance_to(self, when: int) -> bool:
        """Move the clock to ``when`` from inside a callback, if nothing is due before it."""
        if when > self.next_time():
            return False
        if when > self.now:
            self.now = when
        return True

    def stop(self) -> None:
        """End ``run`` after the current callback."""
        self.stopped = True

    def run(self, until: int = INFINITY) -> bool:
        """Run callbacks with ``when <= until``; True when stopped or out of work, False at ``until``."""
        queue = self.queue
        pop = heapq.heappop
        self.until = until
        while queue and not self.stopped:
            if queue[0][WHEN] > until:
                self.now = until
                return False
            when, _, fn, arg = pop(queue)
            if fn is None:
                continue
            self.now = when
            fn(arg)
        return True
