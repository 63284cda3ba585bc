"""Go's typing rules for valid programs gmpsim once refused, against the real toolchains: const
specs repeating the previous expression list, comparisons and conversions with interfaces,
untyped constants, package-level declarations used before they are declared, multi-value call
arguments, shadowed predeclared identifiers; and invalid programs still refused where gc says.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from gmpsim.api import run
from gmpsim.frontend import GoSyntaxError
from tests.gmpsim.realgo import GO, go_env

# invalid programs: gmpsim must refuse each where go vet (the type checker gc also runs) does
INVALID = {
    "ordered comparison of interfaces": (
        "type Shape interface{ Area() int }\n\nfunc main() {\n\tvar s Shape\n\t_ = s < s\n}\n"
    ),
    "slices compare only with nil": "func main() {\n\ta, b := []int{}, []int{}\n\t_ = a == b\n}\n",
    "constant not implementing the interface": "func main() {\n\tvar i interface{ M() }\n\t_ = i == 1\n}\n",
    "float to string": "func main() {\n\tf := 1.5\n\t_ = string(f)\n}\n",
    "named to predeclared type": (
        "type MyInt int\n\nfunc main() {\n\tvar m MyInt = 3\n\tvar n int = m\n\t_ = n\n}\n"
    ),
    "different underlying types": 'type B []byte\n\nfunc main() {\n\tvar x []int = B("ab")\n\t_ = x\n}\n',
    "too many results passed on": (
        "func three() (int, int, int) { return 1, 2, 3 }\n\nfunc two(a, b int) {}\n\n"
        "func main() {\n\ttwo(three())\n}\n"
    ),
    "not enough arguments": "func two(a, b int) {}\n\nfunc main() {\n\ttwo(1)\n}\n",
    "too many arguments": "func two(a, b int) {}\n\nfunc main() {\n\ttwo(1, 2, 3)\n}\n",
    "initialization cycle": "var x = y + 1\n\nvar y = x\n\nfunc main() {}\n",
    "undefined at package level": "var a = nosuch\n\nfunc main() {}\n",
    "conversion to an interface not implemented": (
        "type I interface{ M() }\n\nfunc main() {\n\t_ = I(3)\n}\n"
    ),
    "string to []int": 'func main() {\n\t_ = []int("abc")\n}\n',
    "two named slice types": (
        "type B []byte\ntype C []byte\n\nfunc main() {\n\tvar b B\n\tvar c C = b\n\t_ = c\n}\n"
    ),
    "multi-value result of the wrong type": (
        "func f() (int, int) { return 1, 2 }\n\nfunc main() {\n\tvar s string\n\ts, _ = f()\n\t_ = s\n}\n"
    ),
    "interface compared with a map": (
        "func main() {\n\tvar i interface{}\n\tvar m map[string]int\n\t_ = i == m\n}\n"
    ),
    "constant cycle": "const a = b\nconst b = a\n\nfunc main() {}\n",
    "println of untyped nil": "func main() {\n\tprintln(nil)\n}\n",
}


def vet_position(source: Path) -> str:
    """line:col of the first error go vet (go1.19) reports for the one-file package."""
    done = subprocess.run(
        [str(GO["1.19"]), "vet", source.name],
        cwd=source.parent,
        env=go_env(source.parent),
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r"\./prog\.go:(\d+:\d+): ", done.stderr)
    assert done.returncode != 0 and found is not None, done.stderr
    return found.group(1)


def refused_where_go_vet_says(body: str, tmp_path: Path) -> GoSyntaxError:
    """The error gmpsim refuses ``package main`` + body with, checked to be where go vet's is."""
    if not GO["1.19"].exists():
        pytest.skip("go1.19 is not installed")
    program = tmp_path / "prog.go"
    program.write_text("package main\n\n" + body)
    with pytest.raises(GoSyntaxError) as raised:
        run(program, go="1.19", gomaxprocs=1, until="1s", events=False)
    assert not raised.value.message.startswith("unsupported")
    assert f"{raised.value.pos.line}:{raised.value.pos.col}" == vet_position(program)
    return raised.value


@pytest.mark.oracle
@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_program_is_refused_where_go_vet_says(name: str, tmp_path: Path) -> None:
    refused_where_go_vet_says(INVALID[name], tmp_path)


def test_method_expression_on_a_type_literal_is_unsupported_not_a_syntax_error(tmp_path: Path) -> None:
    program = tmp_path / "prog.go"
    program.write_text(
        "package main\n\ntype S struct{}\n\nfunc (S) m() {}\n\n"
        "func main() {\n\tf := interface{ m() }.m\n\tf(S{})\n}\n"
    )
    with pytest.raises(GoSyntaxError) as raised:
        run(program, go="1.19", gomaxprocs=1, until="1s", events=False)
    assert str(raised.value).endswith("prog.go:8:7: unsupported: method expressions on type literals")


def test_printing_an_address_is_unsupported_when_it_happens(tmp_path: Path) -> None:
    program = tmp_path / "prog.go"
    program.write_text(
        "package main\n\nfunc main() {\n\ts := []int{1}\n\tif len(s) > 5 {\n\t\tprintln(s)\n\t}\n"
        '\tprintln("ok", []int(nil))\n\tprintln(s)\n}\n'
    )
    with pytest.raises(GoSyntaxError) as raised:
        run(program, go="1.19", gomaxprocs=1, until="1s", events=False)
    assert str(raised.value).startswith("./prog.go:9:2: unsupported: print")
