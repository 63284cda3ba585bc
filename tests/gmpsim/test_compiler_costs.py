"""The inliner's cost of every function against the real compilers' ``-gcflags=-m=2``.

``can inline f with cost N`` and ``cannot inline f: <reason>`` of go1.19, go1.22.10 and
go1.27.3 for each program of test_compiler_oracle (the article's cases and data/compiler,
among them stdcalls.go: library functions and methods, receivers taken by address, promoted
methods, implicit conversions to interfaces, ``f(xs...)``) must be what the model decides:
the same cost, or the same refusal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gmpsim.compiler import GcFlags
from gmpsim.compiler.inl import compile_unit
from gmpsim.frontend import parse_file
from gmpsim.versions import GoVersion, behaviour
from tests.gmpsim.realgo import GO
from tests.gmpsim.test_compiler_oracle import PROGRAMS, RealBuilds

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("go-compiler-oracle")]


@pytest.fixture(scope="session")
def cost_builds(tmp_path_factory: pytest.TempPathFactory) -> RealBuilds:
    return RealBuilds(tmp_path_factory.mktemp("go-costs"), base="-m=2")


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.stem)
@pytest.mark.parametrize("go", sorted(GO))
def test_inline_costs_match_real_go(go: str, program: Path, cost_builds: RealBuilds) -> None:
    if not GO[go].exists():
        pytest.skip(f"go{go} is not installed at {GO[go]} (make setup installs it)")
    verdict = re.compile(
        rf"^{program.stem}/{re.escape(program.name)}:\d+:\d+: "
        r"(?:can inline (\S+) with cost (\d+)(?: as: .*)?|cannot inline (\S+): (.*))$",
        re.M,
    )
    real = {
        m.group(1) or m.group(3): f"cost {m.group(2)}" if m.group(1) else m.group(4)
        for m in verdict.finditer(cost_builds.output(go, "", program))
    }
    result = compile_unit(parse_file(program), behaviour(GoVersion.parse(go)), GcFlags())
    modelled = {
        name: f"cost {fn.inline_cost}" if fn.inlinable else fn.inline_reason
        for name, fn in result.funcs.items()
    }
    assert all(fn.inline_cost == fn.inline_cost_max for fn in result.funcs.values()), (
        "every cost is pinned down"
    )
    assert modelled == {name: real[name] for name in modelled}
