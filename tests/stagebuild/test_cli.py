"""The command line: declaring only the sub-command named gives what the full parser gives."""

from __future__ import annotations

import pytest

from stagebuild.cli import COMMANDS, _command_word, build_parser, parse_args

GOOD = [
    ["build", "-t", "a:1", "--progress", "quiet", "--build-arg", "K=V", "ctx"],
    ["--root", "/tmp/store", "build", "-f", "-", "--output", "type=oci,dest=o", "."],
    ["--root=/tmp/store", "images", "-q"],
    ["run", "--rm", "-e", "A=1", "img:1", "sh", "-c", "echo hi"],
    ["debug", "expand", "--env", "A=1", "$A"],
    ["--root", "build", "images"],  # "build" is --root's value here
]

BAD = [
    ["build"],
    ["build", "--progress", "loud", "."],
    ["build", ".", "--root", "x"],
    ["bogus"],
    ["-h", "build"],
    ["--root"],
    [],
]


@pytest.mark.parametrize("argv", GOOD, ids=" ".join)
def test_partial_parser_gives_the_full_parsers_namespace(argv: list[str]) -> None:
    assert parse_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", BAD, ids=" ".join)
def test_messages_come_from_the_full_parser(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as full_exit:
        build_parser().parse_args(argv)
    full = capsys.readouterr()
    with pytest.raises(SystemExit) as ours_exit:
        parse_args(argv)
    assert capsys.readouterr() == full and ours_exit.value.code == full_exit.value.code


def test_sub_command_help_is_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    for name in COMMANDS:
        with pytest.raises(SystemExit):
            build_parser().parse_args([name, "--help"])
        full = capsys.readouterr().out
        with pytest.raises(SystemExit):
            parse_args([name, "--help"])
        assert capsys.readouterr().out == full and full.startswith(f"usage: stagebuild {name}")


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["build", "."], "build"),
        (["--root", "build", "images"], "images"),
        (["--root=/x", "run", "img"], "run"),
        (["-h", "build"], None),
        (["--ro", "/x", "build"], None),  # an abbreviation: left to the full parser
        (["bogus"], None),
    ],
)
def test_which_sub_command_is_declared_alone(argv: list[str], word: str | None) -> None:
    assert _command_word(argv) == word
