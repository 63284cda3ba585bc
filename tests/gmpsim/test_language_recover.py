"""defer, panic, recover and runtime.Goexit against the real toolchains: recover in a deferred
closure (and not in a function it calls, nor as the deferred call itself), deferred calls
changing named results, a re-panic and a panic replacing another (Go prints the chain, and
go1.27 marks a re-panicked value once), run-time errors recovered as runtime.Error values,
an unrecovered panic in a goroutine, Goexit running deferred calls, and Goexit from main."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gmpsim.realgo import gmpsim_and_real

PROGRAMS = sorted((Path(__file__).parent / "data" / "language").glob("recover_*.go"))

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]


@pytest.mark.parametrize("version", ["1.19", "1.27"])
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_prints_what_real_go_prints(
    program: Path, version: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    simulated, real = gmpsim_and_real(program, version, tmp_path_factory.getbasetemp())
    assert simulated == real
