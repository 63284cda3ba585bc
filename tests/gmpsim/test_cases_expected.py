"""The issue's expected-outcomes table: "I got scheduled!" lines in 3.5 s of virtual time.

One test per row of the table; each row is checked on every Go version it names.
"""

from __future__ import annotations

import pytest

import gmpsim
from tests.conftest import REPO

CASES = REPO / "examples" / "sched"
ALL = range(9, 28)
OLD = range(9, 14)  # before asynchronous preemption
NEW = range(14, 28)


def lines(case: str, minor: int, ncpu: int = 4, godebug: str = "", gcflags: str = "") -> int:
    result = gmpsim.run(
        CASES / f"{case}.go", go=f"1.{minor}", ncpu=ncpu, godebug=godebug, gcflags=gcflags, until="3.5s"
    )
    assert result.stopped and result.exit_code == 0 and result.stderr == ""
    return result.stdout.count("I got scheduled!\n")


@pytest.mark.parametrize("ncpu", [2, 4])
@pytest.mark.parametrize("minor", ALL)
def test_case1_prints_on_every_version_with_two_or_more_cpus(minor: int, ncpu: int) -> None:
    assert lines("case1", minor, ncpu=ncpu) == 3
    assert lines("case1", minor, ncpu=ncpu, godebug="asyncpreemptoff=1") == 3


@pytest.mark.parametrize("minor", ALL)
def test_case1_on_one_cpu_needs_async_preemption(minor: int) -> None:
    assert lines("case1", minor, ncpu=1) == (3 if minor >= 14 else 0)
    assert lines("case1", minor, ncpu=1, godebug="asyncpreemptoff=1") == 0


@pytest.mark.parametrize("gcflags", ["", "-N -l"])
@pytest.mark.parametrize("case", ["case2", "case3"])
@pytest.mark.parametrize("minor", ALL)
def test_case2_and_case3_need_async_preemption(case: str, minor: int, gcflags: str) -> None:
    assert lines(case, minor, gcflags=gcflags) == (3 if minor >= 14 else 0)
    assert lines(case, minor, gcflags=gcflags, godebug="asyncpreemptoff=1") == 0


@pytest.mark.parametrize("minor", range(9, 12))
def test_case4_before_mid_stack_inlining_preempts_at_dummys_prologue(minor: int) -> None:
    assert lines("case4", minor) == 3
    assert lines("case4", minor, godebug="asyncpreemptoff=1") == 3


@pytest.mark.parametrize("minor", [12, 13])
def test_case4_with_dummy_inlined_starves_main_before_async_preemption(minor: int) -> None:
    assert lines("case4", minor) == 0


@pytest.mark.parametrize("gcflags", ["-l", "-N -l"])
@pytest.mark.parametrize("minor", ALL)
def test_case4_without_inlining_prints_on_every_version(minor: int, gcflags: str) -> None:
    assert lines("case4", minor, gcflags=gcflags) == 3
    assert lines("case4", minor, gcflags=gcflags, godebug="asyncpreemptoff=1") == 3


@pytest.mark.parametrize("minor", NEW)
def test_case4_with_async_preemption_prints(minor: int) -> None:
    assert lines("case4", minor) == 3


@pytest.mark.parametrize("minor", NEW)
def test_case4_with_asyncpreemptoff_and_inlining_starves_main(minor: int) -> None:
    assert lines("case4", minor, godebug="asyncpreemptoff=1") == 0
