"""The one table of Go versions and the behaviours gmpsim models for each.

Every version-dependent decision in the compiler model and the runtime model reads a field of
:class:`GoBehaviour`; nothing else compares version numbers.  Adding a Go release means adding a
row here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OLDEST_MINOR = 9
NEWEST_MINOR = 27


@dataclass(frozen=True, order=True)
class GoVersion:
    """A Go release line, ``1.minor`` (patch releases do not change modelled behaviour)."""

    minor: int

    def __str__(self) -> str:
        return f"1.{self.minor}"

    @classmethod
    def parse(cls, text: str) -> GoVersion:
        """Parse ``1.19``, ``go1.19`` or ``1.19.3``; reject versions outside 1.9 … 1.27."""
        m = re.fullmatch(r"(?:go)?1\.(\d+)(?:\.\d+)?", text.strip())
        if not m:
            raise ValueError(f"not a Go version: {text!r} (expected e.g. 1.19)")
        minor = int(m.group(1))
        if not OLDEST_MINOR <= minor <= NEWEST_MINOR:
            raise ValueError(f"Go {text} is not modelled: choose 1.{OLDEST_MINOR} … 1.{NEWEST_MINOR}")
        return cls(minor)


NEWEST = GoVersion(NEWEST_MINOR)


@dataclass(frozen=True)
class GoBehaviour:
    """What one Go version does, as far as scheduling and preemption points are concerned."""

    version: GoVersion
    # Go 1.12: functions that call other (non-intrinsic) functions may be inlined.
    mid_stack_inlining: bool
    # Go 1.14: sysmon may preempt a goroutine anywhere with a signal (asyncpreemptoff=1 disables).
    async_preemption: bool
    # Go 1.14: timers live in per-P heaps run by the scheduler; before, timer goroutines ran them.
    per_p_timers: bool
    # Go 1.22: each iteration of a for loop has its own copy of the loop variables.
    loopvar_per_iteration: bool


def behaviour(version: GoVersion) -> GoBehaviour:
    """The modelled behaviour of ``version``."""
    m = version.minor
    return GoBehaviour(
        version=version,
        mid_stack_inlining=m >= 12,
        async_preemption=m >= 14,
        per_p_timers=m >= 14,
        loopvar_per_iteration=m >= 22,
    )
