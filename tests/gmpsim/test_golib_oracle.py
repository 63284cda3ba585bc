"""The library against the real go1.19: each program in data/golib prints the same bytes.

Every program there exercises one package (fmt's verbs and flags, strings, strconv, math,
unicode/utf8) and is built once per session with the real toolchain (GOPATH mode, like the
corpus); ``gmpsim run --go 1.19`` must give the same stdout, stderr and exit code.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gmpsim.api import run
from tests.gmpsim.realgo import GO, build

PROGRAMS = sorted((Path(__file__).parent / "data" / "golib").glob("*.go"))

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]


@pytest.fixture(scope="session")
def real_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, tuple[bytes, bytes, int]]:
    """What each program printed under the real go1.19, filled on first use."""
    return {}


def real_go(
    program: Path, cache: dict[Path, tuple[bytes, bytes, int]], tmp: Path
) -> tuple[bytes, bytes, int]:
    if not GO["1.19"].exists():
        pytest.skip(f"go1.19 is not installed at {GO['1.19']}")
    if program not in cache:
        binary = build(GO["1.19"], program, "", tmp / program.stem)
        done = subprocess.run([str(binary)], capture_output=True, timeout=60, env={"GOMAXPROCS": "1"})
        cache[program] = (done.stdout, done.stderr, done.returncode)
    return cache[program]


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_library_prints_what_go119_prints(
    program: Path,
    real_outputs: dict[Path, tuple[bytes, bytes, int]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    out, err, code = real_go(program, real_outputs, tmp_path_factory.getbasetemp())
    r = run(program, go="1.19", ncpu=2, gomaxprocs=1, until="10s", events=False)
    assert (
        r.stdout.encode("utf-8", "surrogateescape").decode("utf-8", "replace").splitlines()
        == out.decode("utf-8", "replace").splitlines()
    )
    assert r.stdout.encode("utf-8", "surrogateescape") == out
    assert r.stderr.encode("utf-8", "surrogateescape") == err
    assert r.exit_code == code
