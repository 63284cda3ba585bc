"""``gmpsim compile``: the -m lines, the decision table and errors at file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmpsim.cli import main
from tests.conftest import REPO

CASE4 = REPO / "examples" / "sched" / "case4.go"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["compile", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_m_lines_then_a_table_with_the_prologue_column(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(CASE4), "--go", "1.12", "-m")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[:2] == ["./case4.go:16:6: can inline dummy", "./case4.go:22:8: inlining call to dummy"]
    table = "\n".join(lines[2:])
    assert "Go 1.12" in table and "prologue check" in table
    assert "unhandled op FOR" in table  # deadloop's loop is not inlinable before Go 1.16
    assert "NOSPLIT" in table


def test_without_m_only_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(CASE4), "--go", "1.9")
    assert code == 0
    assert "can inline" not in out and "non-leaf function" in out


def test_l_turns_inlining_off(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(CASE4), "--go", "1.19", "--gcflags=-N -l", "-m")
    assert code == 0
    assert not [ln for ln in out.splitlines() if ln.startswith("./")]
    assert "inlining disabled (-l)" in out


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "prog.go"
    path.write_text(text)
    return path


def test_syntax_error_names_file_line_col_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "package main\n\nfunc main() {\n\tx := \n}\n")
    code, out, err = run(capsys, str(path), "-m")
    assert code == 2 and out == ""
    assert err.startswith("./prog.go:") and "syntax error" in err


def test_undecidable_cost_is_unsupported_not_guessed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # strings.TrimPrefix's inline cost is not modelled and decides whether r fits the budget.
    concat = " + s" * 20
    source = (
        'package main\n\nimport "strings"\n\n'
        f'func r(s string) string {{\n\treturn strings.TrimPrefix(s, "x"){concat}\n}}\n'
    )
    code, out, err = run(capsys, str(write(tmp_path, source)), "--go", "1.19", "-m")
    assert code == 2 and out == ""
    assert err.startswith("./prog.go:6:9: unsupported: cannot tell whether r is inlinable in Go 1.19")
    # At most the budget for TrimPrefix's inlined body, and a conversion per argument.
    assert "cost is 26..108" in err
    assert "strings.TrimPrefix" in err


def test_generic_function_is_unsupported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = "package main\n\nfunc id[T any](x T) T {\n\treturn x\n}\n\nfunc main() {}\n"
    code, _, err = run(capsys, str(write(tmp_path, source)))
    assert code == 2
    assert err.strip() == "./prog.go:3:1: unsupported: generic functions"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--go", "1.8"], "Go 1.8 is not modelled"),
        (["--gcflags=-B"], "unsupported -gcflags flag '-B'"),
        (["--go", "two"], "not a Go version"),
    ],
)
def test_bad_options_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(CASE4), *argv)
    assert code == 2 and err.startswith("gmpsim: ") and message in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.go"))
    assert code == 2 and "nope.go" in err


def test_m_is_refused_for_files_with_closures_but_the_table_is_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = "package main\n\nfunc main() {\n\tgo func() {}()\n}\n"
    path = write(tmp_path, source)
    code, out, err = run(capsys, str(path), "-m")
    assert code == 2 and out == ""
    assert err.startswith("./prog.go:4:5: unsupported: -m lines for a file with function literals")
    code, out, _ = run(capsys, str(path))
    assert code == 0 and "main.func1" in out
