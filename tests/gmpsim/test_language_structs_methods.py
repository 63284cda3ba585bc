"""Structs against the real toolchains: values copy on assignment, on passing and in range,
pointers (&v, &T{}, p.f) share, embedded fields are promoted, self-referencing types through
pointers, nested literals with elided types, and a nil pointer dereference panics as Go does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gmpsim
from gmpsim.frontend import GoSyntaxError

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]


def test_a_field_hides_the_method_promoted_from_deeper(tmp_path: Path) -> None:
    # Go (issue 2355) calls TT's func field m, never T's promoted method m; gmpsim does not
    # call function values held in fields yet, and says so rather than calling T.m.
    program = tmp_path / "prog.go"
    program.write_text(
        'package main\n\ntype T struct{}\n\nfunc (T) m() string { return "T" }\n\n'
        "type TT struct {\n\tT\n\tm func() string\n}\n\n"
        'func ff() string { return "ff" }\n\n'
        "func main() {\n\tvar tt TT\n\ttt.m = ff\n\tprintln(tt.m())\n}\n"
    )
    with pytest.raises(GoSyntaxError, match=r"prog.go:17:\d+: unsupported: method m of main.TT"):
        gmpsim.run(program, go="1.19")
