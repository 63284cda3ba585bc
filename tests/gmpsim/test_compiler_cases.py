"""The compiler model's decisions for the article's four programs, per Go version and gcflags."""

from __future__ import annotations

import pytest

from gmpsim.compiler import CompileResult, GcFlags
from gmpsim.compiler.inl import compile_unit
from gmpsim.frontend import Pos, parse_file
from gmpsim.versions import GoVersion, behaviour
from tests.conftest import REPO

EXAMPLES = REPO / "examples" / "sched"
VERSIONS = ["1.9", "1.11", "1.12", "1.13", "1.14", "1.19", "1.27"]
FLAG_SETS = ["", "-l", "-N", "-N -l"]


def compile_case(case: int, go: str, gcflags: str = "") -> CompileResult:
    unit = parse_file(EXAMPLES / f"case{case}.go")
    return compile_unit(unit, behaviour(GoVersion.parse(go)), GcFlags.parse(gcflags))


@pytest.mark.parametrize("go", VERSIONS)
def test_case4_dummy_is_inlinable_only_with_mid_stack_inlining(go: str) -> None:
    result = compile_case(4, go)
    dummy = result.funcs["dummy"]
    mid_stack = GoVersion.parse(go) >= GoVersion(12)
    assert dummy.inlinable is mid_stack
    assert dummy.inline_reason == ("" if mid_stack else "non-leaf function")
    if mid_stack:
        assert dummy.inline_cost == 61  # 57 for the call that stays a call, 4 nodes
    call = result.calls[Pos(22, 8)]
    assert (call.callee, call.inlined, call.removed) == ("dummy", mid_stack, False)


@pytest.mark.parametrize("go", VERSIONS)
@pytest.mark.parametrize("gcflags", FLAG_SETS)
def test_case4_add_is_a_noinline_nosplit_leaf_and_dummy_has_a_prologue(go: str, gcflags: str) -> None:
    result = compile_case(4, go, gcflags)
    add, dummy = result.funcs["add"], result.funcs["dummy"]
    assert not add.inlinable
    assert add.inline_reason == ("inlining disabled (-l)" if "-l" in gcflags else "marked go:noinline")
    assert add.leaf and not add.has_prologue
    assert not dummy.leaf and dummy.has_prologue


@pytest.mark.parametrize("go", VERSIONS)
@pytest.mark.parametrize("gcflags", FLAG_SETS)
def test_case4_deadloop_calls_dummy_unless_it_is_inlined(go: str, gcflags: str) -> None:
    result = compile_case(4, go, gcflags)
    inlined = GoVersion.parse(go) >= GoVersion(12) and "-l" not in gcflags
    assert result.calls[Pos(22, 8)].inlined is inlined
    assert result.calls[Pos(17, 5)].inlined is False  # add stays a call everywhere
    deadloop = result.funcs["deadloop"]
    assert deadloop.has_prologue and not deadloop.leaf  # it calls dummy or, inlined, add


@pytest.mark.parametrize("go", VERSIONS)
@pytest.mark.parametrize("gcflags", FLAG_SETS)
def test_case3_add_call_is_inlined_and_removed_only_when_optimising(go: str, gcflags: str) -> None:
    result = compile_case(3, go, gcflags)
    call = result.calls[Pos(18, 6)]
    inlined = "-l" not in gcflags
    assert call.inlined is inlined
    assert call.removed is (inlined and "-N" not in gcflags)
    assert result.funcs["add"].leaf and not result.funcs["add"].has_prologue
    # Inlined (removed or not), add leaves no call in deadloop: a NOSPLIT leaf.
    assert result.funcs["deadloop"].has_prologue is not inlined


@pytest.mark.parametrize("case", [1, 2])
@pytest.mark.parametrize("go", VERSIONS)
def test_spinning_deadloop_is_a_nosplit_leaf(case: int, go: str) -> None:
    result = compile_case(case, go)
    deadloop = result.funcs["deadloop"]
    assert deadloop.leaf and not deadloop.has_prologue
    # for loops became inlinable in Go 1.16.
    assert deadloop.inlinable is (GoVersion.parse(go) >= GoVersion(16))
    assert deadloop.inline_reason in ("", "unhandled op FOR")


@pytest.mark.parametrize("go", VERSIONS)
def test_main_is_never_inlinable_and_has_a_prologue(go: str) -> None:
    for case in (1, 2, 3, 4):
        main = compile_case(case, go).funcs["main"]
        assert not main.inlinable and main.has_prologue


def test_go_statement_reason_names_the_op_of_that_release() -> None:
    assert compile_case(1, "1.12").funcs["main"].inline_reason == "unhandled op PROC"
    assert compile_case(1, "1.19").funcs["main"].inline_reason == "unhandled op GO"
