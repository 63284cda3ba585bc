"""Stealing a P's runnext (runqgrab): after a pause from a running P, at once from one in a syscall.

data/runtime/steal/runnext_steal.go prints what the real go1.19 and go1.27 print most of the
time: its output depends on a few microseconds, which a loaded machine sometimes stretches, so
it is compared with the commonest of five real runs (not in test_runtime_lib, which wants every
run).  The event log shows how.  The thief sleeps 3µs plus the timer slack before it takes a
running P's runnext, which lets a goroutine that readied another and blocks soon after run it
on its own P; it takes the runnext of a P whose goroutine is in a syscall without waiting (the
P is _Psyscall up to 1.25; from 1.26 it stays _Prunning but its goroutine is _Gsyscall).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from gmpsim.api import run
from gmpsim.runtime import costs
from gmpsim.runtime.trace import Event, GoCreate, GoStart, GoUnpark, Steal, SyscallEnter
from tests.gmpsim.realgo import GO, build, run_for

PROGRAM = Path(__file__).parent / "data" / "runtime" / "steal" / "runnext_steal.go"
VERSIONS = ["1.9", "1.13", "1.19", "1.25", "1.26", "1.27"]
PAUSE = costs.STEAL_RUNNEXT_PAUSE + costs.TIMER_SLACK


def _run(version: str, busy: str = "5") -> tuple[list[Event], list[GoUnpark], list[Steal]]:
    """The events, main's sends that put the receiver into main's P's runnext (not the timer
    goroutine's wake-ups before Go 1.14), and the steals of a runnext."""
    source = PROGRAM.read_text()
    changed = source.replace("busy = 5 *", f"busy = {busy} *")
    assert changed != source or busy == "5"
    events = run(changed, go=version, ncpu=2, gomaxprocs=2, until="1s").events
    receivers = {e.g for e in events if isinstance(e, GoCreate) and e.func == "main.handoff.func1"}
    sends = [e for e in events if isinstance(e, GoUnpark) and e.by == 1 and e.runnext and e.g in receivers]
    assert len(sends) == 4
    return events, sends, [e for e in events if isinstance(e, Steal) and e.runnext]


@pytest.mark.parametrize("version", VERSIONS)
def test_a_receiver_readied_just_before_main_blocks_runs_on_mains_p(version: str) -> None:
    events, sends, steals = _run(version)
    assert [s.victim for s in steals] == [sends[3].p]  # only during the write
    for send in sends[:3]:
        start = next(e for e in events if isinstance(e, GoStart) and e.g == send.g and e.t > send.t)
        assert (start.p, start.inherit_time) == (send.p, True)


@pytest.mark.parametrize("version", VERSIONS)
def test_the_runnext_of_a_running_p_is_stolen_after_the_pause(version: str) -> None:
    _, sends, steals = _run(version, busy="200")
    assert [s.victim for s in steals] == [s.p for s in sends]
    for send, steal in zip(sends[:3], steals, strict=False):
        # the thief was woken when main woke up from its sleep, just before the send
        assert PAUSE < steal.t - send.t < PAUSE + costs.M_WAKE


@pytest.mark.parametrize("version", VERSIONS)
def test_the_runnext_of_a_p_in_a_syscall_is_stolen_at_once(version: str) -> None:
    events, sends, steals = _run(version)
    send, steal = sends[3], steals[-1]
    enter = next(e for e in events if isinstance(e, SyscallEnter) and e.g == 1 and e.t > send.t)
    assert steal.victim == send.p
    assert send.t < enter.t < steal.t <= send.t + costs.M_WAKE


@pytest.mark.oracle
@pytest.mark.xdist_group("realgo")
@pytest.mark.parametrize("version", ["1.19", "1.27"])
def test_prints_what_real_go_mostly_prints(version: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    if not GO[version].exists():
        pytest.skip(f"go{version} is not installed at {GO[version]}")
    binary = build(GO[version], PROGRAM, "", tmp_path_factory.getbasetemp() / f"steal-{version}")
    runs = Counter(run_for(binary, 20.0) for _ in range(5))
    ((real, _),) = runs.most_common(1)
    result = run(PROGRAM, go=version, ncpu=2)
    simulated = (result.stdout.encode(), result.stderr.encode(), result.exit_code)
    if simulated != real and len(runs) > 1:  # a loaded machine delays the thief's nanosleep
        pytest.skip(f"go{version} printed {len(runs)} different outputs in 5 runs on this machine")
    assert simulated == real
