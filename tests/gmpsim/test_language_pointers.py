"""Pointers and types declared in functions against the real toolchains: &x of variables of
every type, of array and slice elements and of fields, new(T), *p reads and writes, pointer
equality, nil dereference panics, pointers to arrays (p[i], len(p), range), methods on *T of
non-struct types, pointers shared with goroutines and through channels, loop variables whose
address is taken (Go 1.22's per-iteration variables), printing, and local types with scoping.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gmpsim.realgo import gmpsim_and_real

PROGRAMS = sorted((Path(__file__).parent / "data" / "language").glob("pointers_*.go"))

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]


@pytest.mark.parametrize("version", ["1.19", "1.27"])
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_prints_what_real_go_prints(
    program: Path, version: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    simulated, real = gmpsim_and_real(program, version, tmp_path_factory.getbasetemp())
    assert simulated == real
