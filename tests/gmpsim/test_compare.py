"""``gmpsim compare``: one program under several Go versions, one column each."""

from __future__ import annotations

import pytest

from gmpsim.cli import main as gmpsim_main
from gmpsim.compare import compare
from gmpsim.explain import Config
from gmpsim.frontend import parse_file
from tests.conftest import REPO

CASE4 = REPO / "examples" / "sched" / "case4.go"


def test_case4_columns_show_where_mid_stack_inlining_and_async_preemption_change_the_outcome() -> None:
    unit = parse_file(CASE4)
    columns = compare(Config(unit.source, unit.path, ncpu=4), ["1.9", "1.12", "1.14", "1.19"])
    by_version = {c.label: c for c in columns}
    assert [c.output_lines for c in columns] == [3, 0, 3, 3]
    assert by_version["Go 1.9"].coop_preemptions > 100 and by_version["Go 1.9"].async_preemptions == 0
    assert by_version["Go 1.14"].async_preemptions > 100
    assert by_version["Go 1.12"].first_output is None
    assert 1_000_000_000 < (by_version["Go 1.9"].first_output or 0) < 1_030_000_000
    assert by_version["Go 1.12"].longest_wait == "2.500s: G1 main.main (never ran)"
    assert all(c.ending == "stopped at 3.500s" for c in columns)


def test_cli_prints_one_table_with_a_column_per_version(capsys: pytest.CaptureFixture[str]) -> None:
    code = gmpsim_main(["compare", str(CASE4), "--go", "1.9,1.12", "--ncpu", "4", "--for", "2.5s"])
    assert code == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if "Go 1.9" in line)
    assert header.index("Go 1.9") < header.index("Go 1.12")
    for row in ("output lines", "first output at", "preemptions: coop", "preemptions: async", "steals"):
        assert row in out
    assert "longest runnable wait" in out


def test_cli_rejects_an_unknown_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert gmpsim_main(["compare", str(CASE4), "--go", "1.9,1.99"]) == 2
    assert "Go 1.99 is not modelled" in capsys.readouterr().err
