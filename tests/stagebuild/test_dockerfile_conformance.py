"""BuildKit's own parser and word-expansion test data, read from the shared conformance tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.gostring import decode
from stagebuild.dockerfile.parser import parse
from stagebuild.dockerfile.shell import ExpansionError, ShellLexer
from tests.conftest import SHARED

DATA = SHARED / "conformance" / "dockerfile"
if not DATA.is_dir():
    pytest.skip(f"conformance data not found at {DATA}", allow_module_level=True)


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (DATA / kind).iterdir() if (p / "Dockerfile").is_file())


@pytest.mark.parametrize("case", _cases("parser"), ids=lambda p: p.name)
def test_parse_dump_matches_buildkit(case: Path) -> None:
    result = parse(decode((case / "Dockerfile").read_bytes()))
    assert result.dump() == (case / "result").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", _cases("parser-negative"), ids=lambda p: p.name)
def test_negative_case_rejected_with_line(case: Path) -> None:
    dockerfile = case / "Dockerfile"
    with pytest.raises(DockerfileError) as caught:
        parse(decode(dockerfile.read_bytes()), filename=str(dockerfile))
    line_count = max(1, len(dockerfile.read_text().splitlines()))
    assert caught.value.line is not None and 1 <= caught.value.line <= line_count
    assert str(caught.value).startswith(f"{dockerfile}:{caught.value.line}: ")


def _env_var_cases() -> list[tuple[int, str, str]]:
    cases = []
    for number, line in enumerate((DATA / "shell" / "envVarTest").read_text().splitlines(), 1):
        if line.startswith("#") or not line.strip():
            continue
        platform, source, expected = (part.strip() for part in line.split("|"))
        if platform != "W":
            cases.append((number, source, expected))
    return cases


@pytest.mark.parametrize(("number", "source", "expected"), _env_var_cases(), ids=lambda v: str(v))
def test_env_var_expansion(number: int, source: str, expected: str) -> None:
    env = {"PWD": "/home", "SHELL": "bash", "KOREAN": "한국어", "NULL": ""}
    lexer = ShellLexer()
    if expected == "error":
        with pytest.raises(ExpansionError):
            lexer.process_word(source, env)
    else:
        assert lexer.process_word(source, env) == expected, f"envVarTest line {number}"


def _words_cases() -> list[tuple[int, str, list[str], dict[str, str]]]:
    cases = []
    env: dict[str, str] = {}
    for number, line in enumerate((DATA / "shell" / "wordsTest").read_text().splitlines(), 1):
        if line.startswith("#"):
            continue
        if line.startswith("ENV "):
            key, _, value = line[3:].lstrip(" ").partition("=")
            env = {**env, key: value}
            continue
        source, expected = line.split("|")
        # As in BuildKit's harness: expected words keep their trailing spaces.
        cases.append((number, source.strip(), expected.lstrip(" ").split(","), env))
    return cases


@pytest.mark.parametrize(("number", "source", "expected", "env"), _words_cases(), ids=lambda v: str(v))
def test_words_expansion(number: int, source: str, expected: list[str], env: dict[str, str]) -> None:
    try:
        words = ShellLexer().process_words(source, env)
    except ExpansionError:
        words = ["error"]
    assert words == expected, f"wordsTest line {number}"


def test_debug_ast_command_prints_the_dump(capsys: pytest.CaptureFixture[str]) -> None:
    from stagebuild.cli import main

    case = DATA / "parser" / "json"
    assert main(["debug", "ast", str(case / "Dockerfile")]) == 0
    assert capsys.readouterr().out == (case / "result").read_text(encoding="utf-8")
