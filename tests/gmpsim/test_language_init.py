"""Package initialisation against the real toolchains: package variables in dependency order
(through the functions and methods their initialisers call), then every func init of the
file in source order, then main; a variable whose initialiser needs itself is an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmpsim.api import run
from gmpsim.frontend import GoSyntaxError


def test_an_initialisation_cycle_is_an_error_at_the_variable(tmp_path: Path) -> None:
    program = tmp_path / "prog.go"
    program.write_text("package main\n\nvar x = f()\n\nfunc f() int { return x + 1 }\n\nfunc main() {}\n")
    with pytest.raises(GoSyntaxError) as raised:
        run(program, go="1.19", gomaxprocs=1, until="1s", events=False)
    assert "prog.go:3:5: initialization cycle for x" in str(raised.value)
