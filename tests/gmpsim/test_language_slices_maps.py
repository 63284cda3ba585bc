"""Slices, maps and strings against the real toolchains, byte for byte.

Each ``data/language/slices_*.go`` program (append growth and ``cap`` as growslice rounds it,
aliasing through re-slicing and 3-index slices, ``copy``, map reads of missing keys, comma-ok,
``delete``, ``range`` over slices, maps and strings by rune, and the run-time panics: index and
slice bounds out of range, assignment to a nil map) must print what go1.19 and go1.27.3 print
at GOMAXPROCS=1, with the same exit code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gmpsim.realgo import gmpsim_and_real

PROGRAMS = sorted((Path(__file__).parent / "data" / "language").glob("slices_*.go"))

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]


@pytest.mark.parametrize("version", ["1.19", "1.27"])
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_prints_what_real_go_prints(
    program: Path, version: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    simulated, real = gmpsim_and_real(program, version, tmp_path_factory.getbasetemp())
    assert simulated == real
