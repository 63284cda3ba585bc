"""``gmpsim run`` as a command: output, exit codes, --for, and errors for what it cannot run."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmpsim.cli import main
from tests.conftest import REPO

CASE2 = str(REPO / "examples/sched/case2.go")


def run_cli(capfd: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["run", *args])
    out, err = capfd.readouterr()
    return code, out, err


def write(tmp_path: Path, source: str) -> str:
    path = tmp_path / "main.go"
    path.write_text(source)
    return str(path)


def test_for_stops_at_virtual_time_with_exit_0_and_a_note(capfd: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capfd, CASE2, "--go", "1.19", "--ncpu", "4", "--for", "3.5s")
    assert code == 0
    assert out == "I got scheduled!\n" * 3
    assert err == "gmpsim: stopped after 3.5s of virtual time\n"


def test_program_that_ends_exits_with_its_code(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = (
        'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\n'
        'func main() {\n\tfmt.Println("bye")\n\tos.Exit(3)\n}\n'
    )
    code, out, err = run_cli(capfd, write(tmp_path, src))
    assert (code, out, err) == (3, "bye\n", "")


def test_main_returning_ends_the_program_even_with_goroutines_spinning(
    capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = (
        'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc spin() {\n\tfor {\n\t}\n}\n\n'
        'func main() {\n\tgo spin()\n\ttime.Sleep(50 * time.Millisecond)\n\tfmt.Println("done")\n}\n'
    )
    code, out, err = run_cli(capfd, write(tmp_path, src), "--go", "1.19", "--ncpu", "2")
    assert (code, out, err) == (0, "done\n", "")


def test_unsupported_construct_names_itself_at_its_position(
    capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = "package main\n\nfunc main() {\n\ttype A = int\n\tvar a A\n\t_ = a\n}\n"  # type aliases
    code, out, err = run_cli(capfd, write(tmp_path, src))
    assert code == 2 and out == ""
    assert err.startswith("./main.go:4:")
    assert ": unsupported: " in err


def test_unsupported_import(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(capfd, write(tmp_path, 'package main\n\nimport "net"\n\nfunc main() {}\n'))
    assert (code, err) == (2, './main.go:3:8: unsupported: import "net"\n')


def test_syntax_error_at_its_position(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(capfd, write(tmp_path, "package main\n\nfunc main() {\n\tx := \n}\n"))
    assert code == 2 and err.startswith("./main.go:") and "syntax error" in err


def test_integer_division_by_zero_panics_like_go(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = (
        'package main\n\nimport "fmt"\n\nfunc div(a, b int) int {\n\treturn a / b\n}\n\n'
        "func main() {\n\tfmt.Println(div(1, 0))\n}\n"
    )
    code, out, err = run_cli(capfd, write(tmp_path, src))
    assert code == 2 and out == ""
    assert err == "panic: runtime error: integer divide by zero\n\ngoroutine 1 [running]:\n"


@pytest.mark.parametrize("option", [["--go", "1.8"], ["--go", "2.0"], ["--for", "soon"], ["--gcflags=-B"]])
def test_bad_options_are_refused(capfd: pytest.CaptureFixture[str], option: list[str]) -> None:
    code, out, err = run_cli(capfd, CASE2, *option)
    assert code == 2 and out == "" and err.startswith("gmpsim: ")


def test_missing_file(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(capfd, str(tmp_path / "nope.go"))
    assert code == 1 and err.startswith("gmpsim: ")


def test_max_wall_bounds_a_runaway_program(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = "package main\n\nvar n int\n\nfunc main() {\n\tfor {\n\t\tn++\n\t}\n}\n"
    code, out, err = run_cli(capfd, write(tmp_path, src), "--max-wall", "0.5")
    assert code == 0 and out == ""
    assert err.startswith("gmpsim: stopped after 0.5 s of wall time (--max-wall)")


def test_a_bug_in_gmpsim_is_one_line_naming_it_not_a_traceback(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("lost")

    monkeypatch.setattr("gmpsim.commands.run.run", broken)
    code, out, err = run_cli(capfd, write(tmp_path, "package main\n\nfunc main() {}\n"))
    assert (code, out) == (3, "")
    assert err.startswith("gmpsim: internal error: KeyError: 'lost' (at ")
    assert err.count("\n") == 1
