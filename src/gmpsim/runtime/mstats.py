"""runtime.GC and runtime.ReadMemStats on a runtime model that has no heap.

gmpsim does not model memory: the program's values are Python objects and nothing is ever
collected in the simulated sense.  So a collection is only what the scheduler can see -- the
calling goroutine spends ``costs.GC_CYCLE`` of virtual time in it -- and ReadMemStats reports
the collections that ran (``NumGC``, ``NumForcedGC``, ``PauseTotalNs``, ``LastGC``) and zero for
every byte and object count: the simulated program's heap neither grows nor shrinks.  A program
that checks that some operation does not make the heap grow (Go's test/chan/select2.go) sees no
growth, which for gmpsim's channels and selects is true: they allocate nothing in the model.
"""

from __future__ import annotations

from typing import Any

from gmpsim.frontend.types import MEMSTATS
from gmpsim.runtime import costs

_FIELD = {name: i for i, name in enumerate(MEMSTATS.fields)}


class GCStats:
    """The collections one run has done."""

    __slots__ = ("cycles", "last_end", "pause_total")

    def __init__(self) -> None:
        self.cycles = 0
        self.pause_total = 0
        self.last_end = 0  # virtual time the last one ended

    def collect(self, now: int) -> int:
        """A forced collection starting at ``now``; returns its duration."""
        self.cycles += 1
        self.pause_total += costs.STOP_THE_WORLD
        self.last_end = now + costs.GC_CYCLE
        return costs.GC_CYCLE

    def read(self, stats: list[Any]) -> None:
        """Fill a runtime.MemStats (a struct value: its fields in order)."""
        for i, t in enumerate(MEMSTATS.elems):
            if t.is_int:
                stats[i] = 0
        stats[_FIELD["NumGC"]] = stats[_FIELD["NumForcedGC"]] = self.cycles
        stats[_FIELD["PauseTotalNs"]] = self.pause_total
        stats[_FIELD["LastGC"]] = self.last_end
        stats[_FIELD["EnableGC"]] = True
