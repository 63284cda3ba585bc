"""container/ring's and container/list's structs keep their unexported fields to themselves.

A program in package main may name only a library struct's exported fields (``Value``); gmpsim
refuses the unexported links as compile errors on the line real Go's type checker refuses them.
(What the containers do is checked against real Go by the ``library_`` programs in
data/language.)
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from gmpsim.api import run
from gmpsim.frontend import GoSyntaxError
from tests.gmpsim.realgo import GO, go_env

BODIES = {
    "field read": ("ring", "r := ring.New(2); _ = r.next", "r.next undefined"),
    "field write": ("list", "var e list.Element; e.list = nil", "e.list undefined"),
    "keyed literal": ("ring", "_ = ring.Ring{prev: nil}", "unknown field prev"),
    "positional literal": ("list", "_ = list.List{list.Element{}, 0}", "unexported field root"),
}


def _program(tmp_path: Path, name: str) -> Path:
    package, body, _ = BODIES[name]
    program = tmp_path / "prog.go"
    program.write_text(f'package main\n\nimport "container/{package}"\n\nfunc main() {{\n\t{body}\n}}\n')
    return program


@pytest.mark.parametrize("name", sorted(BODIES))
def test_unexported_fields_are_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(GoSyntaxError) as raised:
        run(_program(tmp_path, name), go="1.19", gomaxprocs=1, until="1s", events=False)
    assert re.search(r"prog\.go:6:\d+: ", str(raised.value)), raised.value
    assert BODIES[name][2] in str(raised.value)


@pytest.mark.oracle
@pytest.mark.parametrize("name", sorted(BODIES))
def test_real_go_refuses_them_on_that_line(name: str, tmp_path: Path) -> None:
    program = _program(tmp_path, name)
    vet = subprocess.run(
        [str(GO["1.19"]), "vet", program.name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=go_env(tmp_path),
    )
    assert vet.returncode != 0 and re.search(r"prog\.go:6:\d+: ", vet.stderr), vet.stderr
