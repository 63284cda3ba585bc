"""runtime.LockOSThread/UnlockOSThread, GC, ReadMemStats and MemProfileRate.

The programs in data/runtime print what the real go1.19 and go1.27 print at GOMAXPROCS=1
(a deadlocked goroutine wired to its thread says so in its header); the event log shows the
wiring itself: a locked goroutine runs only on its own M, and when it blocks its M sleeps with
it while another M takes the P.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gmpsim.api import run
from gmpsim.runtime.trace import GoStart
from tests.gmpsim.realgo import gmpsim_and_real

DATA = Path(__file__).parent / "data" / "runtime"
PROGRAMS = sorted(DATA.glob("*.go"))


@pytest.mark.oracle
@pytest.mark.xdist_group("realgo")
@pytest.mark.parametrize("version", ["1.19", "1.27"])
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_runtime_program_behaves_as_real_go(
    program: Path, version: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    mine, real = gmpsim_and_real(program, version, tmp_path_factory.getbasetemp())
    assert mine == real


def _threads_of(source: str | Path) -> dict[int, set[int]]:
    r = run(source, go="1.19", ncpu=2, gomaxprocs=1, until="1s")
    threads: dict[int, set[int]] = {}
    for e in r.events:
        if isinstance(e, GoStart):
            threads.setdefault(e.g, set()).add(e.m)
    return threads


def test_a_locked_goroutine_keeps_its_thread_and_the_others_move() -> None:
    threads = _threads_of(DATA / "locked_worker.go")
    worker = max(threads)
    assert len(threads[worker]) == 1
    assert threads[1] - threads[worker], "main must run on another M while the worker holds its own"


def test_without_the_lock_one_thread_runs_everything() -> None:
    source = (DATA / "locked_worker.go").read_text()
    unlocked = source.replace("\truntime.LockOSThread()\n\tdefer runtime.UnlockOSThread()\n", "")
    assert unlocked != source
    threads = _threads_of(unlocked)
    assert set().union(*threads.values()) == {0}
