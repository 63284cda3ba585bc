"""The Dockerfile parser and the typed instructions it feeds: directives, continuations,
JSON/shell forms, flags, and errors that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagebuild.cli import main
from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.instructions import (
    Add,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Healthcheck,
    KeyValue,
    Label,
    Onbuild,
    Run,
    Shell,
    Volume,
    parse_dockerfile,
    parse_duration,
)
from stagebuild.dockerfile.parser import parse


def _dump(source: str) -> str:
    return parse(source).dump()


def test_directives_are_recorded_and_escape_changes_continuation() -> None:
    result = parse("# syntax = docker/dockerfile:1\n#escape=`\nFROM a\nRUN echo \\\nRUN b `\n  c\n")
    assert {d.name: d.value for d in result.directives} == {"syntax": "docker/dockerfile:1", "escape": "`"}
    assert result.escape_token == "`"
    assert result.dump() == '(from "a")\n(run "echo \\\\")\n(run "b   c")\n'


def test_directive_only_at_the_top() -> None:
    result = parse("FROM a\n# escape=`\nRUN x \\\n y\n")
    assert result.directives == () and result.escape_token == "\\"
    assert result.dump() == '(from "a")\n(run "x  y")\n'


def test_repeated_directive_and_bad_escape_are_errors_on_their_line() -> None:
    with pytest.raises(DockerfileError) as caught:
        parse("# escape=`\n# escape=\\\nFROM a\n", filename="x/Dockerfile")
    assert str(caught.value) == "x/Dockerfile:2: only one escape parser directive can be used"
    assert (caught.value.line, caught.value.message) == (2, "only one escape parser directive can be used")
    with pytest.raises(DockerfileError, match="invalid escape token") as bad:
        parse("# escape=x\nFROM a\n")
    assert bad.value.line == 1


def test_comments_and_blank_lines_inside_continuations_are_skipped() -> None:
    result = parse("FROM a\nRUN one \\\n# comment \\\n\n  two \\\n    # indented comment\n  three\n")
    assert result.dump() == '(from "a")\n(run "one   two   three")\n'
    assert len(result.warnings) == 1 and "Empty continuation line" in result.warnings[0]


def test_keywords_are_case_insensitive_and_dumped_lower_case() -> None:
    assert _dump("from a AS b\nrun x\n") == '(from "a" "AS" "b")\n(run "x")\n'


@pytest.mark.parametrize(
    ("line", "dump"),
    [
        ('CMD ["a", "b c"]', '(cmd "a" "b c")'),
        ("CMD [ ]", "(cmd)"),
        ("CMD ['single']", "(cmd \"['single']\")"),
        ('CMD ["unterminated"', '(cmd "[\\"unterminated\\"")'),
        ('CMD ["a"] trailing', '(cmd "[\\"a\\"] trailing")'),
        ("CMD [NaN]", '(cmd "[NaN]")'),
        ('ENTRYPOINT ["\\u00e9", "\\ud800"]', '(entrypoint "é" "\ufffd")'),
        ('VOLUME ["/a", "/b"]', '(volume "/a" "/b")'),
        ("VOLUME /a /b", '(volume "/a" "/b")'),
        ('SHELL ["/bin/sh", "-c"]', '(shell "/bin/sh" "-c")'),
        ("ONBUILD RUN echo hi", '(onbuild (run "echo hi"))'),
        ("ONBUILD", "(onbuild)"),
        ("HEALTHCHECK NONE", '(healthcheck "NONE")'),
        ('LABEL "a b"=c d=e', '(label "\\"a b\\"" "c" "=" "d" "e" "=")'),
        ("ARG a b=c", '(arg "a" "b=c")'),
        ("FOO bar", '(foo "")'),
        ("\\", '("")'),  # a lone continuation at the end makes an empty instruction
    ],
)
def test_argument_forms(line: str, dump: str) -> None:
    assert _dump(f"FROM x\n{line}\n").splitlines()[1] == dump


def test_non_string_json_array_is_an_error() -> None:
    with pytest.raises(DockerfileError, match="arrays must be comprised of strings only") as caught:
        parse("FROM x\nRUN [1, 2]\n")
    assert caught.value.line == 2


def test_flags_are_taken_off_before_the_arguments() -> None:
    assert _dump('FROM x\nCOPY --from=b --chown="1 2" -- --a /b\nRUN --network=none -- ls\n').splitlines()[
        1:
    ] == [
        '(copy ["--from=b" "--chown=1 2"] "--a" "/b")',
        '(run ["--network=none"] "ls")',
    ]


def test_typed_instructions() -> None:
    df = parse_dockerfile(
        "FROM --platform=linux/amd64 img AS Build\n"
        'RUN --mount=type=cache,target=/root/.cache --network=host ["go", "build"]\n'
        "ADD --chmod=644 --link --checksum=sha256:ab http://x/y /z\n"
        "COPY --from=build --chown=app:app --exclude=*.md --exclude=x a b /dst/\n"
        'ENV A 1 2\nLABEL k=v\nCMD echo $HOME\nENTRYPOINT ["/bin/app"]\n'
        'HEALTHCHECK --interval=1m30s --timeout=500ms --retries=3 CMD ["check"]\n'
        'SHELL ["/bin/bash", "-c"]\nVOLUME /data /logs\nONBUILD COPY . /src\n',
        filename="Dockerfile",
    )
    stage = df.stages[0]
    assert (stage.name, stage.base_name, stage.platform, stage.index) == ("build", "img", "linux/amd64", 0)
    run, add, copy, env, label, cmd, entrypoint, health, shell, volume, onbuild = stage.commands
    assert isinstance(run, Run) and run.command == ("go", "build") and not run.prepend_shell
    assert (
        run.network == "host"
        and run.mounts[0].type == "cache"
        and run.mounts[0].get("target") == "/root/.cache"
    )
    assert run.location.start == 2 and run.original.startswith("RUN --mount")
    assert isinstance(add, Add) and add.link and add.chmod == "644" and add.checksum == "sha256:ab"
    assert add.sources == ("http://x/y",) and add.dest == "/z"
    assert isinstance(copy, Copy) and copy.from_stage == "build" and copy.chown == "app:app"
    assert copy.excludes == ("*.md", "x") and copy.sources == ("a", "b") and copy.dest == "/dst/"
    assert isinstance(env, Env) and env.pairs == (KeyValue("A", "1 2", has_delimiter=False),)
    assert isinstance(label, Label) and label.labels == (KeyValue("k", "v"),)
    assert isinstance(cmd, Cmd) and cmd.command == ("echo $HOME",) and cmd.prepend_shell
    assert isinstance(entrypoint, Entrypoint) and entrypoint.command == ("/bin/app",)
    assert isinstance(health, Healthcheck) and health.test == ("CMD", "check")
    assert (health.interval_ns, health.timeout_ns, health.retries) == (90 * 10**9, 500 * 10**6, 3)
    assert isinstance(shell, Shell) and shell.shell == ("/bin/bash", "-c")
    assert isinstance(volume, Volume) and volume.paths == ("/data", "/logs")
    assert (
        isinstance(onbuild, Onbuild)
        and isinstance(onbuild.trigger, Copy)
        and onbuild.expression == "COPY . /src"
    )


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("FROM a\n\nFROB x\n", 3, "unknown instruction: FROB"),
        ("RUN x\nFROM a\n", 1, "no build stage in current context"),
        ("ARG A\n", 1, "dockerfile contains no stages to build"),
        ("FROM a b\n", 1, "FROM requires either one or three arguments"),
        ("FROM a AS 1x\n", 1, "invalid name for build stage"),
        ("FROM a AS x\nFROM b AS X\n", 2, 'duplicate stage name "x"'),
        ("FROM a\nCOPY --frm=x a b\n", 2, "unknown flag: --frm"),
        ("FROM a\nCOPY --from a b\n", 2, "missing a value on flag: --from"),
        ("FROM a\nCOPY --link=maybe a b\n", 2, "expecting boolean value"),
        ("FROM a\nCOPY --chown=1 --chown=2 a b\n", 2, "duplicate flag specified: --chown"),
        ("FROM a\nCOPY onlyone\n", 2, "COPY requires at least two arguments"),
        ("FROM a\nCOPY --from=$X a b\n", 2, "variable expansion is not supported for --from"),
        ("FROM a\nWORKDIR\n", 2, "WORKDIR requires exactly one argument"),
        ("FROM a\nSHELL /bin/sh -c\n", 2, "SHELL requires the arguments to be in JSON form"),
        ("FROM a\nENV a=1 b\n", 2, 'Syntax error - can\'t find = in "b"'),
        ("FROM a\nONBUILD ONBUILD RUN x\n", 2, "Chaining ONBUILD"),
        ("FROM a\nONBUILD FROM b\n", 2, "FROM isn't allowed as an ONBUILD trigger"),
        ("FROM a\nHEALTHCHECK --interval=1us CMD x\n", 2, "cannot be less than 1ms"),
        ("FROM a\nHEALTHCHECK CONNECT x\n", 2, "Unknown type"),
        ("FROM a\nLABEL\n", 2, "LABEL requires at least one argument"),
        ("FROM $EMPTY\n", 1, "base name ($EMPTY) should not be blank"),
        ("FROM a\nRUN \\\n  x\nEXPOSE\nCMD [1]\n", 5, "arrays must be comprised of strings only"),
    ],
)
def test_errors_name_the_line(source: str, line: int, message: str) -> None:
    with pytest.raises(DockerfileError) as caught:
        parse_dockerfile(source, filename="Dockerfile")
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"Dockerfile:{line}: ")


def test_parse_dockerfile_reads_a_path(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"\xef\xbb\xbfFROM a\nLABEL bad=\xff\n")
    df = parse_dockerfile(path)
    label = df.stages[0].commands[0]
    assert df.filename == str(path) and isinstance(label, Label)
    assert label.labels[0].value == "\udcff"  # an invalid byte survives as itself


def test_stage_lookup_by_name_and_index() -> None:
    df = parse_dockerfile("FROM a AS Builder\nFROM b\n")
    assert df.stage("builder").index == 0 and df.stage("BUILDER").index == 0 and df.stage(1).base == "b"
    assert df.find_stage("1") is df.stages[1] and df.find_stage("alpine:3") is None
    with pytest.raises(DockerfileError, match="could not be found"):
        df.stage("nope")


@pytest.mark.parametrize(("text", "ns"), [("0", 0), ("1.5s", 1_500_000_000), ("1h2m", 3_720 * 10**9)])
def test_parse_duration(text: str, ns: int) -> None:
    assert parse_duration(text) == ns


def test_debug_ast_reports_errors_with_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM a\nENV ONLYKEY\n")
    assert main(["debug", "ast", str(path)]) == 1
    assert capsys.readouterr().err.strip() == f"stagebuild: {path}:2: ENV must have two arguments"


def test_onbuild_triggers_of_a_base_image_parse_as_instructions() -> None:
    from stagebuild.dockerfile.instructions import onbuild_triggers

    df = parse_dockerfile("FROM a\nONBUILD COPY --from=build /out /app\nONBUILD RUN <<EOF\necho $X\nEOF\n")
    expressions = [c.expression for c in df.stages[0].commands if isinstance(c, Onbuild)]
    triggers = onbuild_triggers(expressions, origin="Dockerfile", line=7)
    copy, run = triggers
    assert isinstance(copy, Copy) and copy.from_stage == "build" and copy.location.start == 7
    assert isinstance(run, Run) and run.heredocs[0].content == "echo $X\n"
    with pytest.raises(DockerfileError) as caught:
        onbuild_triggers(["RUN a\nRUN b"], origin="Dockerfile", line=3)
    assert caught.value.line == 3 and "single expression" in caught.value.message


def test_line_ranges_span_continuations_and_blank_lines() -> None:
    source = (
        "# escape=\\\n\n\nFROM base\n\n# note\nENV A \\\n  b\n\nRUN one \\\n\n  two \\\n  # c\n  three\n\n"
    )
    nodes = parse(source).nodes
    assert [(n.start_line, n.end_line) for n in nodes] == [(4, 4), (7, 8), (10, 14)]
    assert nodes[1].comments == ("note",)


def test_empty_continuation_lines_warn_once_per_instruction() -> None:
    source = "FROM a\nRUN ok \\\n  fine\nRUN x \\\n\n  y \\\n\n  z\nRUN c \\\n# comment\n  d\n"
    warnings = parse(source).warnings
    assert len(warnings) == 1 and "RUN x   y   z" in warnings[0]


def test_flags_buildkit_never_checks_are_accepted_and_bad_triggers_wait_for_the_child() -> None:
    df = parse_dockerfile("FROM a\nARG --whatever X=1\nSTOPSIGNAL --x SIGINT\nONBUILD FROB x\n")
    onbuild = df.stages[0].commands[2]
    assert isinstance(onbuild, Onbuild) and onbuild.trigger is None and onbuild.expression == "FROB x"
    from stagebuild.dockerfile.instructions import onbuild_triggers

    with pytest.raises(DockerfileError, match="unknown instruction: FROB"):
        onbuild_triggers([onbuild.expression], origin="Dockerfile", line=1)
