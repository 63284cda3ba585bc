"""Progress of long simulations: a rich bar on a terminal, nothing when stdout is not one."""

from __future__ import annotations

import io

import pytest

import gmpsim
from gmpsim.cli import main as gmpsim_main
from gmpsim.viz import output
from tests.conftest import REPO

CASE4 = REPO / "examples" / "sched" / "case4.go"


def test_run_reports_the_virtual_clock_as_it_advances() -> None:
    seen: list[int] = []
    result = gmpsim.run(CASE4, go="1.9", ncpu=2, until="1s", progress=seen.append)
    assert seen == sorted(seen) and len(seen) == 20  # every 50ms of virtual time
    assert seen[-1] == result.virtual_ns == 1_000_000_000


def test_nothing_is_shown_when_stdout_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert gmpsim_main(["run", str(CASE4), "--go", "1.9", "--for", "2s"]) == 0
    err = capsys.readouterr().err
    assert err == "gmpsim: stopped after 2s of virtual time\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_is_drawn_on_a_terminal_once_the_run_takes_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Terminal()
    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.setattr("sys.stderr", screen)
    monkeypatch.setattr(output, "SHOW_AFTER_S", 0.0)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("NO_COLOR", raising=False)
    with output.progress_bar("2s") as report:
        assert report is not None
        report(1_000_000_000)
    assert "1s of 2s virtual" in screen.getvalue()
