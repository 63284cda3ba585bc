"""Where gmpsim's simulation stops short of Go: each limit names itself, never a Python error.
Blocks nested deeper than Python allows are refused at the statement; recursion deeper than
gmpsim.deepstack.MAX_CALL_DEPTH, and a slice larger than gmpsim's backing arrays hold (though Go
would allocate it), stop the program with a ``gmpsim:`` note and exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmpsim.api import run
from gmpsim.codegen.containers import MAX_BACKING_ELEMENTS, grow_cap
from gmpsim.codegen.lower import MAX_ARRAY_LENGTH
from gmpsim.codegen.statements import MAX_INDENT
from gmpsim.deepstack import MAX_CALL_DEPTH
from gmpsim.frontend import GoSyntaxError


def test_blocks_nested_deeper_than_python_allows_are_refused_at_the_statement(tmp_path: Path) -> None:
    depth = MAX_INDENT + 10
    opening = "".join("\t" * (i + 1) + f"if x > {i} {{\n" for i in range(depth))
    closing = "".join("\t" * (i + 1) + "}\n" for i in reversed(range(depth)))
    program = tmp_path / "deep.go"
    program.write_text(f"package main\n\nfunc main() {{\n\tx := 1000\n{opening}\tprintln(x)\n{closing}}}\n")
    with pytest.raises(GoSyntaxError) as raised:
        run(program, go="1.19", gomaxprocs=1, events=False)
    assert f"unsupported: statements nested more than {MAX_INDENT} blocks deep" in str(raised.value)


def test_unbounded_recursion_stops_with_a_note_and_exit_status_2(tmp_path: Path) -> None:
    program = tmp_path / "forever.go"
    program.write_text(
        "package main\n\nfunc forever(n int) int {\n\treturn forever(n+1) + 1\n}\n\n"
        'func main() {\n\tprintln("start")\n\tprintln(forever(0))\n}\n'
    )
    r = run(program, go="1.19", gomaxprocs=1, events=False)
    assert r.exit_code == 2
    assert r.stderr == (
        f"start\ngmpsim: goroutine 1 went more than {MAX_CALL_DEPTH} calls deep, deeper than gmpsim "
        "simulates (Go allows 1 GB of stack, then fails: fatal error: stack overflow)\n"
    )


def test_an_array_too_large_to_hold_as_a_list_is_refused_at_its_length(tmp_path: Path) -> None:
    program = tmp_path / "big.go"
    program.write_text("package main\n\nvar test = [100 * 1024 * 1024]byte{42}\n\nfunc main() {}\n")
    with pytest.raises(GoSyntaxError) as raised:
        run(program, go="1.19", gomaxprocs=1, events=False)
    assert f"big.go:3:13: unsupported: arrays of more than {MAX_ARRAY_LENGTH} elements" in str(raised.value)


@pytest.mark.parametrize(
    ("make", "elements", "size"),
    [
        ("make([]struct{}, int(^uint(0)>>1))", (1 << 63) - 1, 0),  # Go allocates nothing at all
        ("make([]int64, 1<<27)", 1 << 27, 8),
        ("make([][1 << 20]byte, n, 1<<13)", 1 << 13, 1 << 20),  # 8 GiB, below Go's maxAlloc
        ("append(make([]int32, 1<<26), 7)", grow_cap(1 << 26, (1 << 26) + 1, 4), 4),
    ],
)
def test_a_slice_too_large_to_simulate_stops_with_a_note(
    make: str, elements: int, size: int, tmp_path: Path
) -> None:
    program = tmp_path / "huge.go"
    program.write_text(
        'package main\n\nfunc main() {\n\tn := 0\n\tprintln("start")\n'
        f"\ts := {make}\n\tprintln(len(s), n)\n}}\n"
    )
    r = run(program, go="1.19", gomaxprocs=1, events=False)
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == (
        f"start\ngmpsim: goroutine 1: a slice of {elements} elements of {size} bytes is more than gmpsim "
        f"simulates (at most {MAX_BACKING_ELEMENTS} elements and 4 GiB: a backing array is a Python list)\n"
    )
