"""Programs of Go's own test directory that gmpsim once got wrong, each reduced to the construct
at fault and held against the real go1.19 and go1.27: function literals inside functions that
must be generators, empty blocks, …
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gmpsim.realgo import gmpsim_and_real

PROGRAMS = sorted((Path(__file__).parent / "data" / "language").glob("regress_*.go"))

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]


@pytest.mark.parametrize("version", ["1.19", "1.27"])
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_prints_what_real_go_prints(
    program: Path, version: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    simulated, real = gmpsim_and_real(program, version, tmp_path_factory.getbasetemp())
    assert simulated == real
