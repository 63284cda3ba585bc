"""gmpsim: Go's goroutine scheduler, simulated faithfully enough to predict what a program prints.

Pipeline (each a sub-package): ``frontend`` parses a Go source file, ``compiler`` models the gc
compiler's decisions that place preemption points, ``codegen`` lowers the program to something the
``runtime`` model (G, M, P, sysmon, timers, channels) executes in virtual time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gmpsim.api import GoroutineStats, RunResult, run

__all__ = ["GoroutineStats", "RunResult", "run"]


def __getattr__(name: str) -> Any:
    """Import the API only when it is used, so that ``gmpsim --help`` starts fast."""
    if name in __all__:
        from gmpsim import api

        return getattr(api, name)
    if name == "trace":
        from gmpsim.runtime import trace

        return trace
    raise AttributeError(f"module 'gmpsim' has no attribute {name!r}")
