"""GODEBUG=schedtrace=N[,scheddetail=1]: Go's own lines, at virtual times, in each release's format.

The real go1.19 and go1.27.3 run the same GOMAXPROCS=1 program with the same GODEBUG; gmpsim's
lines must carry the same fields in the same order and, once the program has set GOMAXPROCS=1,
the same values for the fields that do not depend on timing.  ``threads``/``idlethreads`` are
left out (real Go starts one more M than the model during its start-up, while GOMAXPROCS is
still the CPU count), and the stamps and schedticks depend on when sysmon happens to wake.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import gmpsim
from tests.conftest import GOCACHE, REPO
from tests.gmpsim.realgo import GO

CASE2 = REPO / "examples" / "sched" / "case2.go"
CASE4 = REPO / "examples" / "sched" / "case4.go"
KEY = re.compile(r"(\w+)=")
STAMP = re.compile(r"^SCHED (\d+)ms: ")
# Values that do not depend on timing once main has set GOMAXPROCS=1 and loops in Sleep/Println.
STABLE = ("gomaxprocs", "idleprocs", "spinningthreads", "needspinning", "runqueue")


def sched_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("SCHED ")]


def shape(line: str) -> str:
    """The line with every value replaced: what must be identical between gmpsim and Go."""
    return re.sub(r"=[^ \]\[]*", "=", re.sub(r"\d+", "N", line))


def values(line: str) -> dict[str, str]:
    return dict(re.findall(r"(\w+)=(\S*)", line))


def simulate(minor: int, godebug: str, until: str = "2.5s", program: Path = CASE2) -> str:
    return gmpsim.run(program, go=f"1.{minor}", ncpu=2, godebug=godebug, until=until, events=False).stderr


# ---- the model alone ---------------------------------------------------------------------


def test_a_line_every_period_of_virtual_time_starting_at_zero() -> None:
    stamps = [int(STAMP.match(line).group(1)) for line in sched_lines(simulate(19, "schedtrace=500"))]  # type: ignore[union-attr]
    assert stamps[0] == 0
    assert len(stamps) == 5  # 0, ~500, ~1000, ~1500, ~2000 ms in 2.5 s
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert all(500 <= gap <= 520 for gap in gaps), gaps  # at most one sysmon period late


def test_sysmon_keeps_printing_while_every_p_is_idle() -> None:
    source = 'package main\n\nimport "time"\n\nfunc main() {\n\ttime.Sleep(3 * time.Second)\n}\n'
    lines = sched_lines(gmpsim.run(source, go="1.19", ncpu=2, godebug="schedtrace=1000").stderr)
    assert len(lines) == 3
    assert "idleprocs=2" in lines[-1]


@pytest.mark.parametrize(
    ("minor", "expected"),
    [
        (9, "SCHED Nms: gomaxprocs= idleprocs= threads= spinningthreads= idlethreads= runqueue= [N]"),
        (19, "SCHED Nms: gomaxprocs= idleprocs= threads= spinningthreads= idlethreads= runqueue= [N]"),
        (
            22,
            "SCHED Nms: gomaxprocs= idleprocs= threads= spinningthreads= needspinning= idlethreads= "
            "runqueue= [N]",
        ),
        (
            27,
            "SCHED Nms: gomaxprocs= idleprocs= threads= spinningthreads= needspinning= idlethreads= "
            "runqueue= [ N ] schedticks=[ N ]",
        ),
    ],
)
def test_summary_format_follows_the_release(minor: int, expected: str) -> None:
    assert shape(sched_lines(simulate(minor, "schedtrace=1000"))[-1]) == expected


def test_old_detail_lines_have_helpgc_no_timerslen_and_minus_one_for_nothing() -> None:
    stderr = simulate(9, "schedtrace=1000,scheddetail=1", until="1.1s", program=CASE4)
    p_line = next(line for line in stderr.splitlines() if line.startswith("  P0:"))
    m_line = next(line for line in stderr.splitlines() if line.startswith("  M1:"))
    assert "timerslen" not in p_line
    assert "helpgc=0" in m_line and "p=-1" in m_line  # M1 is sysmon, which never holds a P
    assert "sysmonwait=0" in stderr


# ---- against the real toolchains -----------------------------------------------------------


def run_real(go: Path, binary: Path, godebug: str, seconds: float) -> str:
    env = {**os.environ, "GODEBUG": godebug}
    env.pop("GOMAXPROCS", None)
    try:
        proc = subprocess.run([str(binary)], env=env, capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired as stopped:
        err = stopped.stderr
        return err.decode() if isinstance(err, bytes) else err or ""
    return proc.stderr


@pytest.fixture(scope="module")
def real_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], str]:
    """case2's stderr under the real go1.19 and go1.27, with and without scheddetail, run at once."""
    versions = [v for v in ("1.19", "1.27") if GO[v].exists()]
    if len(versions) < 2:
        pytest.skip("needs the real go1.19 and go1.27.3 (make setup installs them)")
    work = tmp_path_factory.mktemp("schedtrace")
    shutil.copy(CASE2, work / "case2.go")
    env = {**os.environ, "GOTOOLCHAIN": "local", "GO111MODULE": "off", "GOFLAGS": "", "GOCACHE": str(GOCACHE)}
    binaries = {v: work / f"case2-{v}" for v in versions}

    def build(v: str) -> None:
        command = [str(GO[v]), "build", "-o", str(binaries[v]), "case2.go"]
        subprocess.run(command, cwd=work, env=env, check=True, timeout=300)

    with ThreadPoolExecutor(len(versions)) as pool:
        list(pool.map(build, versions))
    jobs = {(v, detail): (GO[v], binaries[v]) for v in versions for detail in (False, True)}
    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = {
            key: pool.submit(
                run_real,
                go,
                binary,
                "schedtrace=1000" + (",scheddetail=1" if key[1] else ""),
                2.5 if not key[1] else 1.5,
            )
            for key, (go, binary) in jobs.items()
        }
        return {key: f.result() for key, f in futures.items()}


def check_summary_lines(real_stderr: str, minor: int) -> None:
    real = sched_lines(real_stderr)
    ours = sched_lines(simulate(minor, "schedtrace=1000"))
    assert len(real) >= 2 and len(ours) >= 2, (real, ours)
    assert {shape(line) for line in real[1:]} == {shape(line) for line in ours[1:]}
    for theirs, mine in zip(real[1:], ours[1:]):
        want, got = values(theirs), values(mine)
        assert {k: got[k] for k in STABLE if k in want} == {k: want[k] for k in STABLE if k in want}
        queues = [line.split("runqueue=")[1].split("schedticks")[0] for line in (theirs, mine)]
        assert queues[0] == queues[1]


def check_detail_lines(real_stderr: str, minor: int) -> None:
    real = real_stderr.splitlines()
    ours = simulate(minor, "schedtrace=1000,scheddetail=1", until="1.1s").splitlines()
    for prefix in ("SCHED", "  P0:", "  M0:", "  M1:", "  G1:"):
        theirs = [KEY.findall(line) for line in real if line.startswith(prefix)]
        mine = [KEY.findall(line) for line in ours if line.startswith(prefix)]
        assert theirs and mine and theirs[-1] == mine[-1], prefix
    # After a second main sleeps (G1: status=4(sleep)) while deadloop holds P0 with an empty queue,
    # and the runtime's own goroutines (forcegc, sweeper, scavenger, finalizer) wait as in Go.
    statuses = []
    for lines in (real, ours):
        last = max(i for i, line in enumerate(lines) if line.startswith("SCHED"))
        block = lines[last:]
        assert "  G1: status=4(sleep)" in " ".join(block)
        p0 = values(next(line for line in block if line.startswith("  P0:")))
        assert (p0["status"], p0["runqsize"], p0.get("timerslen")) == ("1", "0", "1")
        found = re.findall(r"^  G\d+: status=(\d+\(.*\)) m=", "\n".join(block), re.M)
        # schedtrace reads the states without stopping the world: on a loaded host the real
        # deadloop is now and then caught runnable (1), in the instant sysmon preempted it
        statuses.append(sorted("2()" if status == "1()" else status for status in found))
    assert statuses[0] == statuses[1]


# One test for both releases, so that one worker builds and runs the real programs once.
@pytest.mark.oracle
@pytest.mark.xdist_group("realgo")
def test_lines_match_real_go_1_19_and_1_27(real_outputs: dict[tuple[str, bool], str]) -> None:
    for version in ("1.19", "1.27"):
        minor = int(version.split(".")[1])
        check_summary_lines(real_outputs[(version, False)], minor)
        check_detail_lines(real_outputs[(version, True)], minor)
