"""defer, panic, recover and runtime.Goexit against the real toolchains: recover in a deferred
closure (and not in a function it calls, nor as the deferred call itself), deferred calls
changing named results, a re-panic and a panic replacing another (Go prints the chain, and
go1.27 marks a re-panicked value once), run-time errors recovered as runtime.Error values,
an unrecovered panic in a goroutine, Goexit running deferred calls, and Goexit from main;
panic(nil) before and after Go 1.21."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmpsim.api import run
from tests.gmpsim.realgo import GO, real_output

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]


@pytest.mark.parametrize(("version", "godebug"), [("1.19", ""), ("1.27", ""), ("1.27", "panicnil=1")])
def test_panic_nil_recovers_nil_before_go_1_21_and_under_panicnil(
    version: str, godebug: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Go >= 1.21 turns panic(nil) into a *runtime.PanicNilError, unless GODEBUG=panicnil=1,
    which a program built in GOPATH mode (as the real programs here are) gets by default
    (test_godebug compares the other build modes)."""
    program = Path(__file__).parent / "data" / "language" / "recover_panic_nil.go"
    if not GO[version].exists():
        pytest.skip(f"go{version} is not installed")
    real, _, _ = real_output(version, program, tmp_path_factory.getbasetemp())
    simulated = run(program, go=version, gomaxprocs=1, godebug=godebug, until="1s", events=False)
    assert simulated.stdout.encode() == real == b"recovered <nil> (<nil>)\n"


def test_panic_nil_is_a_runtime_error_from_go_1_21_in_module_mode() -> None:
    program = Path(__file__).parent / "data" / "language" / "recover_panic_nil.go"
    r = run(program, go="1.22", gomaxprocs=1, module="local", until="1s", events=False)
    assert r.stdout == "recovered panic called with nil argument (*runtime.PanicNilError)\n"
