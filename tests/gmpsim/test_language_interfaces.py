"""Interfaces against the real toolchains: method sets of values and pointers, dispatch through
an interface, fmt's %v and %T of interface values, type switches (nil, several types per case,
interface cases, default), type assertions with comma-ok and the panicking form's
``interface conversion: …`` message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gmpsim.realgo import gmpsim_and_real

PROGRAMS = sorted((Path(__file__).parent / "data" / "language").glob("interfaces_*.go"))

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]


@pytest.mark.parametrize("version", ["1.19", "1.27"])
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_prints_what_real_go_prints(
    program: Path, version: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    simulated, real = gmpsim_and_real(program, version, tmp_path_factory.getbasetemp())
    assert simulated == real
