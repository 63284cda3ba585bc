"""The compiler model on programs it once crashed on: it decides, or names what it cannot
decide (``unsupported: …``), and never fails with a Python exception."""

from __future__ import annotations

import pytest

from gmpsim.compiler import CompileResult, GcFlags
from gmpsim.compiler.inl import compile_unit
from gmpsim.frontend import GoSyntaxError, parse_source
from gmpsim.versions import GoVersion, behaviour


def compile_text(text: str, go: str = "1.19") -> CompileResult:
    unit = parse_source(("package main\n\n" + text).encode(), "./prog.go")
    return compile_unit(unit, behaviour(GoVersion.parse(go)), GcFlags.parse(""))


def test_var_declaring_two_locals_from_one_call() -> None:
    funcs = compile_text(
        "func two() (int, int) { return 1, 2 }\nfunc main() {\n\tvar a, b = two()\n\tprintln(a, b)\n}\n"
    ).funcs
    assert funcs["two"].inlinable


def test_local_type_named_like_another_function_is_no_conversion_there() -> None:
    funcs = compile_text(
        'func test() string {\n\ttype test struct{}\n\t_ = test{}\n\treturn "x"\n}\n'
        'func main() {\n\tif test() == "x" {\n\t\tprintln("yes")\n\t}\n}\n'
    ).funcs
    assert "test" in funcs and "main" in funcs


def test_an_unknown_library_cost_makes_its_caller_undecidable_by_name() -> None:
    source = (
        'import "runtime"\n\n'
        "func f1(n int) int {\n\truntime.GOROOT()\n\treturn n\n}\n"
        "func f(b []byte) {\n\tfor len(b) > 0 {\n\t\tn := f1(len(b))\n\t\tb = b[n:]\n\t}\n"
        "\tf1(1)\n\tf1(2)\n\tf1(3)\n}\n"
        "func main() {\n\tf(make([]byte, 10))\n}\n"
    )
    with pytest.raises(GoSyntaxError) as raised:
        compile_text(source)
    assert raised.value.message.startswith("unsupported: cannot tell whether f1 is inlinable")
    assert "the inline cost of runtime.GOROOT" in raised.value.message
