"""Preemption: how a running goroutine is asked to stop, and where it actually stops.

Cooperative (every Go version): ``preemptone`` sets ``gp.preempt`` and poisons ``gp.stackguard``
so that the goroutine's next stack-check prologue traps into the runtime (``morestack`` ->
``newstack`` -> ``gopreempt_m``).  A function without a prologue (NOSPLIT leaf, or inlined) never
checks, so a loop that calls only such functions cannot be stopped this way.

Asynchronous (Go >= 1.14, unless ``GODEBUG=asyncpreemptoff=1``): ``preemptone`` also sends SIGURG
to the goroutine's thread; the handler stops the goroutine at the instruction it is on (loop
back-edges in generated code).  Either way the preempted goroutine goes to the global run queue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gmpsim.runtime import costs
from gmpsim.runtime.runtime2 import G_RUNNING, STACK_PREEMPT, G, M, P
from gmpsim.runtime.trace import Preempt, PreemptRequest

if TYPE_CHECKING:
    from gmpsim.runtime.proc import Runtime


def preemptone(rt: Runtime, pp: P, by: str) -> bool:
    """Ask the goroutine running on pp to stop (sysmon's retake, or a stop-the-world)."""
    m = pp.m
    gp = m.curg if m is not None else None
    if m is None or gp is None or gp.status != G_RUNNING:
        return False
    now = rt.engine.now
    gp.preempt = True
    gp.stackguard = STACK_PREEMPT
    rt.log.emit(PreemptRequest, now, gp.goid, pp.id, by)
    if rt.async_preemption:
        pp.preempt = True
        rt.engine.at(now + costs.SIGNAL, _signal_delivered, (rt, gp, m))
    if gp.spin:  # an effect-free loop reaches its next prologue within an iteration
        rt.engine.at(now + costs.SPIN_ITERATION, _stop_spinning, (rt, gp, m, "coop"))
    return True


def _still_wanted(gp: G, m: M) -> bool:
    return gp.status == G_RUNNING and gp.m is m and gp.preempt


def _signal_delivered(arg: tuple[Runtime, G, M]) -> None:
    """doSigPreempt: a spinning goroutine stops now; one running code stops at its next safe point."""
    rt, gp, m = arg
    if not _still_wanted(gp, m):
        return
    gp.preempt_async = True
    gp.asyncguard = STACK_PREEMPT
    if gp.spin is not None:
        gopreempt_m(rt, gp, "async")


def _stop_spinning(arg: tuple[Runtime, G, M, str]) -> None:
    rt, gp, m, kind = arg
    if _still_wanted(gp, m) and gp.spin is not None:
        gopreempt_m(rt, gp, kind)


def gopreempt_m(rt: Runtime, gp: G, kind: str) -> None:
    """The goroutine stops at a preemption point: to the global queue, and reschedule."""
    assert gp.m is not None and gp.m.p is not None
    if kind == "async":
        gp.stats.async_preemptions += 1
    else:
        gp.stats.coop_preemptions += 1
    rt.log.emit(Preempt, rt.engine.now, gp.goid, gp.m.p.id, kind)
    rt.goschedImpl(gp, True)
