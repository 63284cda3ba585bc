"""Word expansion: the operators, quotes and escapes, the escape directive, which instructions
expand, and ``stagebuild debug expand``."""

from __future__ import annotations

import pytest

from stagebuild.cli import main
from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.instructions import (
    Add,
    Cmd,
    Copy,
    Env,
    Expose,
    Label,
    Run,
    StopSignal,
    User,
    Volume,
    Workdir,
    parse_dockerfile,
)
from stagebuild.dockerfile.scope import StageEnv, normalize_port
from stagebuild.dockerfile.shell import ExpansionError, ShellLexer

ENV = {"SET": "value", "EMPTY": "", "PATHS": "/usr/local/bin:/usr/bin", "FILE": "archive.tar.gz"}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("$SET/${SET}", "value/value"),
        ("${UNSET:-dflt} ${EMPTY:-dflt} ${EMPTY-dflt}", "dflt dflt "),
        ("${SET:+alt} ${EMPTY:+alt} ${EMPTY+alt} ${UNSET+alt}", "alt  alt "),
        ("${EMPTY?}", ""),
        ("${UNSET:-${SET:-x}}", "value"),
        ("'$SET' \"$SET\" \\$SET", "$SET value $SET"),
        ('"a\\"b" "c\\d"', 'a"b c\\d'),
        ("${FILE%.*} ${FILE%%.*} ${FILE#*.} ${FILE##*.}", "archive.tar archive tar.gz gz"),
        ("${PATHS/usr/opt} ${PATHS//usr/opt}", "/opt/local/bin:/usr/bin /opt/local/bin:/opt/bin"),
        ("$1$@x", "x"),
    ],
)
def test_expansion(word: str, expected: str) -> None:
    assert ShellLexer().process_word(word, ENV) == expected


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("${UNSET:?must be set}", "UNSET: must be set"),
        ("${EMPTY:?}", "EMPTY: is not allowed to be empty"),
        ("${UNSET?}", "UNSET: is not allowed to be unset"),
        ("${SET:-x", "missing '}'"),
        ("${SET", "unsupported modifier"),
        ("${}", "bad substitution"),
        ("${SET:=x}", "unsupported modifier (:=)"),
        ("'open", "matching single-quote"),
    ],
)
def test_expansion_errors(word: str, message: str) -> None:
    with pytest.raises(ExpansionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ShellLexer().process_word(word, ENV)


def test_words_split_only_unquoted_spaces() -> None:
    env = {"TWO": "a b"}
    assert ShellLexer().process_words("x $TWO \"$TWO\" 'c d' e\\ f", env) == [
        "x",
        "a",
        "b",
        "a b",
        "c d",
        "e f",
    ]
    assert ShellLexer().process_words('a "" $EMPTY b', {"EMPTY": ""}) == ["a", "b"]


def test_backtick_escape_token() -> None:
    lexer = ShellLexer("`")
    assert lexer.process_word("C:\\dir `$SET", ENV) == "C:\\dir $SET"


def test_instructions_expand_as_buildkit_does() -> None:
    df = parse_dockerfile(
        "FROM a\nENV D=/srv U=app P=8080 S=SIGTERM F=f.txt\n"
        "WORKDIR $D\nUSER ${U}:${U}\nVOLUME $D/data\nSTOPSIGNAL $S\nEXPOSE $P ${P}/udp 9000-9001\n"
        'LABEL "$U.label"="$D x"\nADD --chown=$U --chmod=0755 $F ${D}/\nCOPY --chown=$U $F $D/\n'
        "RUN echo $D\nCMD echo $D\nRUN --mount=type=bind,target=$D/m true\n"
    )
    env = StageEnv.from_image(df)
    steps = [env.step(i) for i in df.stages[0].commands]
    workdir, user, volume, stopsignal, expose, label, add, copy, run, cmd, mount_run = steps[1:]
    assert isinstance(workdir, Workdir) and workdir.path == "/srv"
    assert isinstance(user, User) and user.user == "app:app"
    assert isinstance(volume, Volume) and volume.paths == ("/srv/data",)
    assert isinstance(stopsignal, StopSignal) and stopsignal.signal == "SIGTERM"
    assert isinstance(expose, Expose) and set(expose.ports) == {
        "8080/tcp",
        "8080/udp",
        "9000/tcp",
        "9001/tcp",
    }
    assert isinstance(label, Label) and (label.labels[0].key, label.labels[0].value) == (
        "app.label",
        "/srv x",
    )
    assert isinstance(add, Add) and (add.chown, add.chmod, add.sources, add.dest) == (
        "app",
        "0755",
        ("f.txt",),
        "/srv/",
    )
    assert isinstance(copy, Copy) and (copy.chown, copy.sources, copy.dest) == ("app", ("f.txt",), "/srv/")
    # Commands are left to the shell.
    assert isinstance(run, Run) and run.command == ("echo $D",)
    assert isinstance(cmd, Cmd) and cmd.command == ("echo $D",)
    assert isinstance(mount_run, Run) and mount_run.mounts[0].get("target") == "/srv/m"


def test_env_values_see_earlier_values_only_from_previous_instructions() -> None:
    df = parse_dockerfile('FROM a\nENV A=1\nENV A=2 B=$A\nENV C="$A $B"\n')
    env = StageEnv.from_image(df)
    steps = [env.step(i) for i in df.stages[0].commands]
    assert isinstance(steps[1], Env) and steps[1].pairs[1].value == "1"
    assert isinstance(steps[2], Env) and steps[2].pairs[0].value == "2 1"


def test_image_env_and_default_path() -> None:
    df = parse_dockerfile("FROM a\nENV PATH=/opt/bin:$PATH\n")
    env = StageEnv.from_image(df, ["HOME=/root"])
    env.step(df.stages[0].commands[0])
    assert env.config_env == [
        "HOME=/root",
        "PATH=/opt/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    ]
    kept = StageEnv.from_image(df, ["PATH=/bin"])
    assert kept.get("PATH") == "/bin"


def test_expansion_error_names_the_instruction_line() -> None:
    df = parse_dockerfile("FROM a\n\nWORKDIR ${DIR:?set DIR}\n", filename="Dockerfile")
    env = StageEnv.from_image(df)
    with pytest.raises(DockerfileError) as caught:
        env.step(df.stages[0].commands[0])
    assert str(caught.value) == 'Dockerfile:3: failed to process "${DIR:?set DIR}": DIR: set DIR'


@pytest.mark.parametrize(
    ("spec", "ports"),
    [("80", ["80/tcp"]), ("53/UDP", ["53/udp"]), ("8000-8002", ["8000/tcp", "8001/tcp", "8002/tcp"])],
)
def test_normalize_port(spec: str, ports: list[str]) -> None:
    assert normalize_port(spec) == ports


def test_debug_expand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["debug", "expand", "--env", "A=1", "--env", "B", "--", '${A:+set}-"${B:-empty}"-$C']) == 0
    assert capsys.readouterr().out == "set-empty-\n"
    assert main(["debug", "expand", "--", "${A:?}"]) == 1
    assert "A: is not allowed to be unset" in capsys.readouterr().err
