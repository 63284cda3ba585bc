"""Generics and unsafe are outside the subset: a clear ``file:line:col: unsupported: …`` error."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmpsim.api import run
from gmpsim.frontend import GoSyntaxError

PROGRAMS = {
    "generic function": (
        "func Max[T int | float64](a, b T) T { return a }\nfunc main() {}\n",
        "5:1",
        "generic functions",
    ),
    "generic type": ("type Box[T any] struct{ v T }\nfunc main() {}\n", "5:6", "generic types"),
    "unsafe": ('import "unsafe"\nfunc main() { _ = unsafe.Sizeof(1) }\n', "5:8", 'import "unsafe"'),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_names_the_construct_and_its_position(name: str, tmp_path: Path) -> None:
    body, where, what = PROGRAMS[name]
    program = tmp_path / "prog.go"
    program.write_text("// generics and unsafe\n\npackage main\n\n" + body)
    with pytest.raises(GoSyntaxError) as raised:
        run(program, go="1.19", gomaxprocs=1, until="1s", events=False)
    assert f"prog.go:{where}: unsupported: {what}" in str(raised.value)
