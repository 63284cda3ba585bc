"""The flag package and os.Args against the real go1.19 and go1.27, given the same arguments.

The real binary runs as ``./prog`` (gmpsim's os.Args[0]), so the usage heading matches too.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gmpsim.api import run
from gmpsim.cli import main as cli_main
from tests.gmpsim.realgo import GO, build

PROGRAM = Path(__file__).parent / "data" / "flag" / "flags.go"
COMMAND_LINES = [
    [],
    ["-n", "5", "-v", "-name=x", "-wait", "2m", "-f", "2.25", "a", "b"],
    ["--n=0x10", "-count", "-7", "-u", "3", "--", "-v"],
    ["-v=false", "rest", "-n", "1"],
    ["-h"],
    ["-help"],
    ["-n", "x"],
    ["-n", "99999999999999999999"],
    ["-u", "-1"],
    ["-v=maybe"],
    ["-wait", "soon"],
    ["-zz"],
    ["---x"],
    ["-n"],
]

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]


@pytest.fixture(scope="session")
def binaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The program built by each real toolchain, on first use."""
    return {}


def real_run(version: str, args: list[str], binaries: dict[str, Path], tmp: Path) -> tuple[str, str, int]:
    if not GO[version].exists():
        pytest.skip(f"go{version} is not installed at {GO[version]}")
    if version not in binaries:
        binaries[version] = build(GO[version], PROGRAM, "", tmp / f"flag-{version}")
    env = {"GOMAXPROCS": "1"}
    done = subprocess.run(
        ["./prog", *args], executable=binaries[version], capture_output=True, timeout=60, env=env
    )
    return done.stdout.decode(), done.stderr.decode(), done.returncode


@pytest.mark.parametrize("version", ["1.19", "1.27"])
@pytest.mark.parametrize("args", COMMAND_LINES, ids=[" ".join(a) or "none" for a in COMMAND_LINES])
def test_flags_parse_as_in_real_go(
    args: list[str], version: str, binaries: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    real = real_run(version, args, binaries, tmp_path_factory.getbasetemp())
    r = run(PROGRAM, go=version, ncpu=2, gomaxprocs=1, until="1s", events=False, args=args)
    assert (r.stdout, r.stderr, r.exit_code) == real


def test_gmpsim_run_passes_what_follows_the_double_dash(capfd: pytest.CaptureFixture[str]) -> None:
    code = cli_main(["run", str(PROGRAM), "--go", "1.19", "--", "-n", "3", "left"])
    out, _ = capfd.readouterr()
    assert code == 0
    assert out.splitlines()[0] == "3 false gopher 1s 1.5 0 3 1 [left] left true 1"
