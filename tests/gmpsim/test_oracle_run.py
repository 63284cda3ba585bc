"""The article's four programs under the real toolchains, line for line against ``gmpsim run``.

For each real Go (1.19, 1.22, 1.27), each case, GODEBUG default or ``asyncpreemptoff=1`` and
gcflags none, ``-l`` or ``-N -l``: build the program, run it for 3.5 s and count its lines;
``gmpsim run --go <version> --ncpu $(nproc) --for 3.5s`` must print as many.  The real runs burn
the CPU they are about, so they all share one xdist group and never run two at a time; each
binary is built once per session.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gmpsim.cli import main as gmpsim_main
from tests.conftest import REPO
from tests.gmpsim.realgo import GO, build, run_for

CASES = sorted((REPO / "examples" / "sched").glob("case*.go"))
GODEBUGS = ["", "asyncpreemptoff=1"]
GCFLAGS = ["", "-l", "-N -l"]
RUN_SECONDS = 3.5

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("real-go-run")]


@pytest.fixture(scope="session")
def binaries(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Path]:
    """Built programs by (version, case, gcflags), filled on first use."""
    return {}


def real_lines(
    binaries: dict[tuple[str, str, str], Path],
    tmp: Path,
    version: str,
    case: Path,
    gcflags: str,
    godebug: str,
) -> int:
    go = GO[version]
    if not go.exists():
        pytest.skip(f"go{version} is not installed at {go} (make setup installs it)")
    key = (version, case.stem, gcflags)
    if key not in binaries:
        workdir = tmp / f"{version}-{case.stem}-{gcflags.replace(' ', '').replace('-', '_') or 'default'}"
        binaries[key] = build(go, case, gcflags, workdir)
    out, _, code = run_for(binaries[key], RUN_SECONDS, godebug)
    assert code is None, "the program should still be running after 3.5 s"
    return out.count(b"I got scheduled!\n")


@pytest.mark.parametrize("gcflags", GCFLAGS, ids=["default", "-l", "-N -l"])
@pytest.mark.parametrize("godebug", GODEBUGS, ids=["async", "asyncpreemptoff"])
@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
@pytest.mark.parametrize("version", sorted(GO))
def test_gmpsim_prints_as_many_lines_as_real_go(
    version: str,
    case: Path,
    godebug: str,
    gcflags: str,
    binaries: dict[tuple[str, str, str], Path],
    tmp_path_factory: pytest.TempPathFactory,
    capfd: pytest.CaptureFixture[str],
) -> None:
    args = ["run", str(case), "--go", version, "--ncpu", str(os.cpu_count() or 1), "--for", "3.5s"]
    args += [f"--godebug={godebug}", f"--gcflags={gcflags}"]
    assert gmpsim_main(args) == 0
    simulated = capfd.readouterr().out.count("I got scheduled!\n")
    # A busy host can only delay the real program's lines past the 3.5 s cut, never add one, so
    # when the counts differ the real program gets two more runs and its best count is the oracle.
    tmp = tmp_path_factory.getbasetemp()
    real = 0
    for _ in range(3):
        real = max(real, real_lines(binaries, tmp, version, case, gcflags, godebug))
        if real == simulated:
            break
    assert simulated == real
