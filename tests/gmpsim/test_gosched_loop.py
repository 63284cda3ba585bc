"""Loops that only call runtime.Gosched: their round trips are made up to the next event in one step.

The step-by-step simulation (the runtime's plain Gosched, forced here by patching the fast path
out) is the reference: with the batches expanded into the GoStop/GoStart pairs they stand for,
the event log, the goroutine statistics and what the program and schedtrace print must be the
same, for the timer designs before and after Go 1.14, with and without goschedImpl's wakep.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import gmpsim
from gmpsim.api import RunResult
from gmpsim.codegen import generate
from gmpsim.compiler import GcFlags
from gmpsim.compiler.inl import compile_unit
from gmpsim.frontend import parse_source
from gmpsim.runtime import trace
from gmpsim.runtime.proc import Runtime
from gmpsim.versions import GoVersion, behaviour
from gmpsim.viz.timeline import build

# test_explain's sleeper, waking every millisecond: the comparisons below run step by step too
SLEEPER = (
    (Path(__file__).parent / "data" / "gosched" / "sleeper.go")
    .read_text()
    .replace("time.Sleep(200 * time.Millisecond)", "time.Sleep(time.Millisecond)")
)
assert "time.Sleep(time.Millisecond)" in SLEEPER


def expanded(events: list[trace.Event]) -> list[trace.Event]:
    """The log with each GoschedBatch replaced by the round trips it stands for."""
    out: list[trace.Event] = []
    for e in events:
        if not isinstance(e, trace.GoschedBatch):
            out.append(e)
            continue
        for k in range(e.n):
            t = e.t + k * e.period
            out += [trace.GoStop(t, e.g, e.p, "gosched"), trace.GoStart(t, e.g, e.p, e.m, False)]
    return out


def step_by_step(monkeypatch: pytest.MonkeyPatch, **options: Any) -> RunResult:
    with monkeypatch.context() as patched:
        patched.setattr(Runtime, "_op_gosched_loop", Runtime._op_gosched)
        return gmpsim.run(SLEEPER, **options)


@pytest.mark.parametrize("gomaxprocs", [1, 2])
@pytest.mark.parametrize("go", ["1.9", "1.14", "1.27"])
def test_batches_are_the_step_by_step_round_trips(
    go: str, gomaxprocs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    options: dict[str, Any] = {"go": go, "ncpu": 2, "gomaxprocs": gomaxprocs, "until": "3.5ms"}
    options["godebug"] = "schedtrace=1,scheddetail=1"  # the schedticks sysmon sees, every ms
    fast = gmpsim.run(SLEEPER, **options)
    exact = step_by_step(monkeypatch, **options)
    assert fast.stdout.count("main woke up") == 3
    assert (fast.stdout, fast.stderr, fast.exit_code, fast.virtual_ns) == (
        exact.stdout,
        exact.stderr,
        exact.exit_code,
        exact.virtual_ns,
    )
    assert fast.goroutines == exact.goroutines
    assert expanded(fast.events) == exact.events
    batches = [e for e in fast.events if isinstance(e, trace.GoschedBatch)]
    assert sum(b.n for b in batches) > 10 * len(batches) > 0
    # (from Go 1.22 each Gosched wakes an M for the idle P, which ends a batch 5µs later)
    assert len(fast.events) * 4 < len(exact.events)


def test_the_run_limit_cuts_a_batch_where_the_step_by_step_run_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    for until in (1_000_000, 1_000_137, 2_222_222):
        fast = gmpsim.run(SLEEPER, go="1.19", ncpu=1, until=until)
        exact = step_by_step(monkeypatch, go="1.19", ncpu=1, until=until)
        assert expanded(fast.events) == exact.events
        assert fast.goroutines == exact.goroutines


def test_the_timeline_marks_a_batch_inside_one_run() -> None:
    r = gmpsim.run(SLEEPER, go="1.19", ncpu=1, until="1ms")
    tl = build(r.events, r.virtual_ns)
    marks = [i for i in tl.instants if i.category == "gosched"]
    spin = next(gs for gs in r.goroutines if gs.func == "main.spin")
    batched = sum(e.n for e in r.events if isinstance(e, trace.GoschedBatch))
    assert marks and all(i.name.startswith("Gosched ×") and i.args["goroutine"] == spin.goid for i in marks)
    assert batched > spin.goscheds * 0.9


LOOPS = {
    "for {\n\t\truntime.Gosched()\n\t}": True,
    "for {\n\t\tx = next(x) % 1000\n\t\truntime.Gosched()\n\t}": True,
    "for {\n\t\tnext(x)\n\t\truntime.Gosched()\n\t}": True,
    "for {\n\t\tif x > 3 {\n\t\t\tx = 0\n\t\t}\n\t\tx++\n\t\truntime.Gosched()\n\t}": False,
    "for {\n\t\tx = branchy(x)\n\t\truntime.Gosched()\n\t}": False,
    "for {\n\t\tok = x > 0 && next(x) > 7\n\t\truntime.Gosched()\n\t}": False,
    "for {\n\t\truntime.Gosched()\n\t\truntime.Gosched()\n\t}": False,
    "for {\n\t\tshared++\n\t\truntime.Gosched()\n\t}": False,
    "for i := 0; ; i++ {\n\t\truntime.Gosched()\n\t}": False,
}


@pytest.mark.parametrize("loop", LOOPS, ids=range(len(LOOPS)))
def test_only_a_loop_that_does_the_same_thing_every_time_is_batched(loop: str) -> None:
    source = f"""package main

import "runtime"

var shared int

func next(x int) int {{
	return x*5 + 3
}}

func branchy(x int) int {{
	if x > 100 {{
		return 0
	}}
	return x + 1
}}

func main() {{
	x := 1
	ok := false
	_ = ok
	{loop}
}}
"""
    unit = parse_source(source.encode())
    beh = behaviour(GoVersion.parse("1.19"))
    program = generate(unit, compile_unit(unit, beh, GcFlags.parse("")), 1, beh.loopvar_per_iteration)
    assert ("yield GOSCHED_LOOP_OP" in program.source) is LOOPS[loop]
