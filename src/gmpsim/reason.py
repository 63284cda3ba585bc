"""One sentence on why a run turned out as it did, from the compiler model and the event log.

It names the goroutine that held the CPU longest and says how it lost its P (a stack-check
prologue, a signal, its own ``runtime.Gosched``) or why it never did: which calls in its loop were
removed, inlined or have no prologue, and why asynchronous preemption did not help.  ``gmpsim
explain`` goes further; this is the demo's one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gmpsim.api import GoroutineStats, RunResult, run
from gmpsim.compiler import CallDecision


def hog(result: RunResult) -> GoroutineStats | None:
    """The user goroutine other than main that ran longest."""
    others = [g for g in result.goroutines if not g.system and g.func != "main.main"]
    return max(others, key=lambda g: g.run_ns, default=None)


def reason(result: RunResult) -> str:
    spinner = hog(result)
    if spinner is None:
        return "main is the only goroutine"
    name = spinner.func.removeprefix("main.")
    if result.gomaxprocs > 1:
        return f"GOMAXPROCS={result.gomaxprocs}: main has a P of its own while {name} spins on another"
    if spinner.goscheds:
        return (
            f"{name} hands its P back with runtime.Gosched ({spinner.goscheds} times), so whatever "
            "becomes runnable runs next"
        )
    if spinner.coop_preemptions:
        callee = _prologue_callee(result, name)
        if callee is None:
            return f"sysmon's preemption request stops {name} at a stack-check prologue"
        why = result.decisions.funcs[callee].inline_reason
        return f"sysmon's preemption request stops {name} at the prologue of {callee}, not inlined: {why}"
    no_point = f"{name}'s loop has no preemption point: {_why_no_prologue(result, name)}"
    if spinner.async_preemptions:
        return f"{no_point}; Go {result.version} preempts it asynchronously with a signal"
    if not result.behaviour.async_preemption:
        return f"{no_point}, and Go {result.version} has no asynchronous preemption (Go >= 1.14)"
    return f"{no_point}, and GODEBUG=asyncpreemptoff=1 turns asynchronous preemption off"


def _calls_in(result: RunResult, func: str) -> list[CallDecision]:
    return sorted((c for c in result.decisions.calls.values() if c.caller == func), key=lambda c: c.pos)


def _prologue_callee(result: RunResult, func: str) -> str | None:
    """The first function func's code calls (looking through inlined calls) that has a prologue."""
    for call in _calls_in(result, func):
        if call.removed:
            continue
        if call.inlined:
            found = _prologue_callee(result, call.callee)
            if found:
                return found
            continue
        decision = result.decisions.funcs.get(call.callee)
        if decision is not None and decision.has_prologue:
            return call.callee
    return None


def _why_no_prologue(result: RunResult, func: str) -> str:
    parts: list[str] = []
    for call in _calls_in(result, func):
        if call.removed:
            parts.append(
                f"the call to {call.callee} is removed (its result is unused, it has no side effects)"
            )
        elif call.inlined:
            parts.append(f"{call.callee} is inlined into {func}")
            inner = _why_no_prologue(result, call.callee)
            if inner != "it calls nothing":
                parts.append(inner)
        else:
            decision = result.decisions.funcs.get(call.callee)
            if decision is not None and not decision.has_prologue:
                parts.append(f"{call.callee} is a leaf with a small frame, so it has no prologue (NOSPLIT)")
    return "; ".join(parts) if parts else "it calls nothing"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m gmpsim.reason FILE… --go 1.9,1.27``: lines printed and why, one row per run."""
    parser = argparse.ArgumentParser(prog="python -m gmpsim.reason", description=main.__doc__)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--go", default="1.9,1.27", help="comma-separated Go versions")
    parser.add_argument("--ncpu", type=int, default=4)
    parser.add_argument("--godebug", default="")
    parser.add_argument("--gcflags", default="")
    parser.add_argument("--for", dest="until", default="3.5s")
    args = parser.parse_args(argv)
    for path in args.files:
        for version in args.go.split(","):
            result = run(
                path, go=version, ncpu=args.ncpu, godebug=args.godebug, gcflags=args.gcflags, until=args.until
            )
            lines = result.stdout.count("\n")
            name = path.rsplit("/", 1)[-1]
            print(f"{name:10} go{version:5} {lines} lines in {args.until}: {reason(result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
