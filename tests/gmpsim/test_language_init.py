"""Package initialisation against the real toolchains: package variables in dependency order
(through the functions and methods their initialisers call), then every func init of the
file in source order, then main; a variable whose initialiser needs itself is an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmpsim.api import run
from gmpsim.frontend import GoSyntaxError
from tests.gmpsim.realgo import gmpsim_and_real

PROGRAMS = sorted((Path(__file__).parent / "data" / "language").glob("init_*.go"))


@pytest.mark.oracle
@pytest.mark.xdist_group("realgo")
@pytest.mark.parametrize("version", ["1.19", "1.27"])
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_prints_what_real_go_prints(
    program: Path, version: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    simulated, real = gmpsim_and_real(program, version, tmp_path_factory.getbasetemp())
    assert simulated == real


def test_an_initialisation_cycle_is_an_error_at_the_variable(tmp_path: Path) -> None:
    program = tmp_path / "prog.go"
    program.write_text("package main\n\nvar x = f()\n\nfunc f() int { return x + 1 }\n\nfunc main() {}\n")
    with pytest.raises(GoSyntaxError) as raised:
        run(program, go="1.19", gomaxprocs=1, until="1s", events=False)
    assert "prog.go:3:5: initialization cycle for x" in str(raised.value)
