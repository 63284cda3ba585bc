"""Timing-dependent programs (worker pools, tickers, timeouts, debouncing, cancellation, elapsed
time) print what the real go1.19 and go1.27.3 print at GOMAXPROCS=1.

The expected bytes were recorded from the real toolchains by ``tests/gmpsim/timing_record.py``
(five agreeing runs each), so these tests need no Go toolchain; one more test checks that the
record still matches the real program where the toolchain is installed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gmpsim
from gmpsim.golib.time import ZERO_TIME, time_string
from tests.gmpsim.realgo import GO, stderr_head
from tests.gmpsim.timing_record import DATA, EXPECTED, VERSIONS, record

RECORDED: dict[str, dict[str, object]] = json.loads(EXPECTED.read_text())
PROGRAMS = sorted(DATA.glob("*.go"))


def test_every_program_has_a_record_for_each_version() -> None:
    assert sorted(RECORDED) == sorted(f"{p.name}@{v}" for p in PROGRAMS for v in VERSIONS)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_gmpsim_prints_what_go_printed(program: Path, version: str) -> None:
    expected = RECORDED[f"{program.name}@{version}"]
    result = gmpsim.run(program, go=version, ncpu=2, gomaxprocs=1, until="60s", events=False)
    assert result.stdout == expected["stdout"]
    assert stderr_head(result.stderr.encode()).decode() == expected["stderr"]
    assert result.exit_code == expected["exit_code"]


@pytest.mark.oracle
@pytest.mark.xdist_group("real-go-run")
@pytest.mark.parametrize("version", VERSIONS)
def test_the_record_is_still_what_real_go_prints(version: str, tmp_path: Path) -> None:
    if not GO[version].exists():
        pytest.skip(f"go{version} is not installed at {GO[version]} (make setup installs it)")
    program = DATA / "select_timeout.go"
    try:
        recorded = record(program, version, tmp_path)
    except ValueError as err:  # a loaded machine delays the real program's goroutines
        pytest.skip(f"real go{version} is not deterministic on this machine now: {err}")
    assert recorded == RECORDED[f"{program.name}@{version}"]


@pytest.mark.parametrize(
    ("t", "text"),
    [
        (ZERO_TIME, b"0001-01-01 00:00:00 +0000 UTC"),
        (0, b"2009-11-10 23:00:00 +0000 UTC m=+0.000000000"),
        (1_500_000_000, b"2009-11-10 23:00:01.5 +0000 UTC m=+1.500000000"),
        (3_600_000_000_123, b"2009-11-11 00:00:00.000000123 +0000 UTC m=+3600.000000123"),
    ],
)
def test_time_prints_as_go_writes_a_time_with_a_monotonic_reading(t: int, text: bytes) -> None:
    assert time_string(t) == text
