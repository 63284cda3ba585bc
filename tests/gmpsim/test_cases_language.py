"""Programs beyond the article's cases, byte for byte against the real go1.19 and go1.27.

Each program in data/run is built with the real toolchain and run (three times, to make sure its
output does not depend on timing); ``gmpsim run --go <version>`` must print the same stdout, the
same stderr up to the ``goroutine N [...]:`` header (stack frames are not modelled) and exit
with the same code.  The programs cover the language subset (integer wrap-around, division,
constants and iota, fmt verbs, Duration printing, strings), the scheduler's order at
GOMAXPROCS=1 (runnext, Gosched), channels, select, closures and deadlock detection.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gmpsim
from tests.gmpsim.realgo import GO, build, run_for, stderr_head

PROGRAMS = sorted((Path(__file__).parent / "data" / "run").glob("*.go"))
VERSIONS = ["1.19", "1.27"]

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("real-go-run")]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_same_bytes_and_exit_code_as_real_go(
    program: Path, version: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    go = GO[version]
    if not go.exists():
        pytest.skip(f"go{version} is not installed at {go} (make setup installs it)")
    base = tmp_path_factory.getbasetemp()
    binary = build(go, program, "", base / f"lang-{version}-{program.stem}")
    runs = {run_for(binary, 20.0) for _ in range(3)}
    if len(runs) != 1:
        pytest.skip(f"{program.name} is not deterministic under go{version} on this machine")
    ((out, err, code),) = runs
    result = gmpsim.run(program, go=version, ncpu=2)
    assert result.stdout.encode() == out
    assert stderr_head(result.stderr.encode()) == stderr_head(err)
    assert result.exit_code == code
