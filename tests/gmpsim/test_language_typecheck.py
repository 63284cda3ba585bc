"""Go's typing rules for valid programs gmpsim once refused, against the real toolchains: const
specs repeating the previous expression list, comparisons and conversions with interfaces,
untyped constants, package-level declarations used before they are declared, multi-value call
arguments, shadowed predeclared identifiers; and invalid programs still refused where gc says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gmpsim.realgo import gmpsim_and_real

PROGRAMS = sorted((Path(__file__).parent / "data" / "language").glob("typecheck_*.go"))


@pytest.mark.oracle
@pytest.mark.xdist_group("realgo")
@pytest.mark.parametrize("version", ["1.19", "1.27"])
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_prints_what_real_go_prints(
    program: Path, version: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    simulated, real = gmpsim_and_real(program, version, tmp_path_factory.getbasetemp())
    assert simulated == real
