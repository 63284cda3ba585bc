"""A goroutine in a syscall and its P, as GODEBUG=scheddetail=1 shows them (GoBehaviour.syscall_keeps_p).

Up to Go 1.25 the P of a goroutine in a syscall is ``_Psyscall`` (status=2) and detached from the
M; from 1.26 it stays ``_Prunning`` (status=1) and wired to the M.  long_write.go catches sysmon
printing during a 16MB write to stdout, which the real binary's reader here does not drain for
0.3 s, so the real syscall lasts that long.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

import gmpsim
from tests.gmpsim.realgo import GO, build

PROGRAM = Path(__file__).parent / "data" / "runtime" / "long_write.go"
GODEBUG = "schedtrace=1,scheddetail=1"

# Recorded from /tmp/go1.25.5's binary of long_write.go (not in CI's set-up), the first block
# that caught main (G1) in the write: the P in _Psyscall, no M on it, and main's M without a P.
GO_1_25_BLOCK = """\
  P0: status=2 schedtick=8021 syscalltick=1 m=nil runqsize=0 gfreecnt=0 timerslen=0
  P1: status=0 schedtick=11 syscalltick=0 m=nil runqsize=0 gfreecnt=0 timerslen=0
  M4: p=nil curg=1 mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=false blocked=false lockedg=nil
  G1: status=3(sleep) m=4 lockedm=nil
"""


def blocks(stderr: str) -> list[list[str]]:
    """The scheddetail blocks, each the lines after one SCHED line."""
    return [chunk.splitlines()[1:] for chunk in ("\n" + stderr).split("\nSCHED ")[1:]]


def fields(line: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in line.split() if "=" in part)


Caught = tuple[str, dict[str, str], dict[str, dict[str, str]]]


def in_syscall(block: list[str]) -> Caught | None:
    """main's M id, its M line and the line of the P it last held, if main is in a syscall here."""
    if not any(line.startswith("  G1: status=3(") for line in block):
        return None
    m_line = next(line for line in block if line.startswith("  M") and " curg=1 " in line)
    m_id = m_line.split(":")[0].strip()[1:]
    return (
        m_id,
        fields(m_line),
        {line.split(":")[0].strip(): fields(line) for line in block if line.startswith("  P")},
    )


def first_syscall_block(stderr: str) -> Caught:
    found = [b for b in (in_syscall(block) for block in blocks(stderr)) if b is not None]
    assert found, "no schedtrace print caught main in its write"
    return found[0]


def test_go_1_25_detaches_the_p_as_recorded() -> None:
    ours = gmpsim.run(PROGRAM, go="1.25", ncpu=2, godebug=GODEBUG, events=False).stderr
    _, m_line, ps = first_syscall_block(ours)
    _, real_m, real_ps = first_syscall_block("SCHED 0ms:\n" + GO_1_25_BLOCK)
    assert m_line["p"] == real_m["p"] == "nil"
    # which P main runs on is up to the scheduler: compare the Ps' states as a set
    assert sorted((p["status"], p["m"]) for p in ps.values()) == sorted(
        (p["status"], p["m"]) for p in real_ps.values()
    )


def test_go_1_27_keeps_the_p_wired() -> None:
    ours = gmpsim.run(PROGRAM, go="1.27", ncpu=2, godebug=GODEBUG, events=False).stderr
    m_id, m_line, ps = first_syscall_block(ours)
    assert ps[f"P{m_line['p']}"]["status"] == "1" and ps[f"P{m_line['p']}"]["m"] == m_id
    assert all(p["status"] != "2" for p in ps.values())


def run_with_slow_reader(binary: Path) -> str:
    """stderr of the binary, whose stdout is left unread for 0.3 s: the long write blocks meanwhile."""
    env = {**os.environ, "GODEBUG": GODEBUG}
    env.pop("GOMAXPROCS", None)
    proc = subprocess.Popen([str(binary)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    time.sleep(0.3)
    proc.stdout.read()
    proc.wait(timeout=60)
    reader.join()
    return err[0].decode()


@pytest.mark.oracle
@pytest.mark.xdist_group("realgo")
def test_real_go_1_27_never_shows_psyscall(tmp_path: Path) -> None:
    if not GO["1.27"].exists():
        pytest.skip("needs the real go1.27.3 (make setup installs it)")
    binary = build(GO["1.27"], PROGRAM, "", tmp_path)
    stderr = run_with_slow_reader(binary)
    caught = [b for b in (in_syscall(block) for block in blocks(stderr)) if b is not None]
    assert caught, "no schedtrace print caught main in its write"
    for m_id, m_line, ps in caught:
        assert all(p["status"] != "2" for p in ps.values())
        if m_line["p"] != "nil":  # sysmon has not taken it yet: still running, still main's M
            assert (ps[f"P{m_line['p']}"]["status"], ps[f"P{m_line['p']}"]["m"]) == ("1", m_id)
