"""When the lines of case4 appear on Go 1.9, read from the API's event log.

main sleeps 1 s, then its timer goroutine must get the only P back from deadloop, which happens
when sysmon preempts deadloop at dummy's prologue: sysmon sees a 10 ms time slice only at its own
ticks, 10 ms apart once it has backed off.  So each line appears after its sleep's deadline by
at most the time slice plus one sysmon period plus the cost of the print, and the k-th line lies
k seconds (each of the k sleeps) plus at most k such delays after the start.
"""

from __future__ import annotations

import itertools
import time

import gmpsim
from gmpsim.runtime import costs
from gmpsim.runtime.sysmon import FORCE_PREEMPT_NS, MAX_DELAY_US
from gmpsim.runtime.trace import Output, Preempt, TimerFire
from tests.conftest import REPO

SECOND = 1_000_000_000
SYSMON_PERIOD = MAX_DELAY_US * 1000
LINE = b"I got scheduled!\n"
PRINT_COST = costs.WRITE + costs.WRITE_PER_BYTE * len(LINE)


def test_case4_on_go19_lines_follow_each_sleep_within_a_time_slice_and_a_sysmon_period() -> None:
    result = gmpsim.run(REPO / "examples/sched/case4.go", go="1.9", ncpu=4, until="5.5s")
    outputs = [e for e in result.events if isinstance(e, Output)]
    fired = [e for e in result.events if isinstance(e, TimerFire) and e.g == 1]
    assert [o.data for o in outputs] == [LINE] * 5
    assert len(fired) >= 5
    slack = FORCE_PREEMPT_NS + SYSMON_PERIOD + PRINT_COST
    for k, (out, timer) in enumerate(zip(outputs, fired), start=1):
        assert timer.when <= out.t <= timer.when + slack
        assert k * SECOND <= out.t <= k * (SECOND + slack)
    # between two lines deadloop is preempted cooperatively, every other sysmon tick
    deadloop = next(g.goid for g in result.goroutines if g.func == "main.deadloop")
    preempts = [e for e in result.events if isinstance(e, Preempt)]
    assert preempts and all(p.kind == "coop" and p.g == deadloop for p in preempts)
    gaps = {b.t - a.t for a, b in itertools.pairwise(preempts)}
    assert max(gaps) <= FORCE_PREEMPT_NS + SYSMON_PERIOD + 2 * costs.M_WAKE


def test_same_seed_same_events() -> None:
    a = gmpsim.run(REPO / "examples/sched/case1.go", go="1.19", ncpu=4, until="2.5s", seed=7)
    b = gmpsim.run(REPO / "examples/sched/case1.go", go="1.19", ncpu=4, until="2.5s", seed=7)
    assert a.events == b.events


def test_skipped_loops_cost_no_wall_time() -> None:
    start = time.process_time()
    result = gmpsim.run(REPO / "examples/sched/case2.go", go="1.19", ncpu=4, until="60s", events=False)
    assert time.process_time() - start < 1.0
    assert 55 <= result.stdout.count("I got scheduled!") <= 60
