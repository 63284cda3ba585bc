"""ARG scoping: global ARGs only in FROM unless re-declared, ``--build-arg`` overrides, unset
ARGs stay unset, ENV over ARG, and what RUN and the image config see."""

from __future__ import annotations

import pytest

from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.instructions import Arg, ArgDecl, Dockerfile, Workdir, parse_dockerfile
from stagebuild.dockerfile.scope import StageEnv


def _run_stage(df: Dockerfile, index: int = 0, image_env: tuple[str, ...] = ()) -> StageEnv:
    env = StageEnv.from_image(df, image_env)
    for instruction in df.stages[index].commands:
        env.step(instruction)
    return env


def test_global_arg_in_from_and_build_arg_override() -> None:
    source = "ARG REPO=library\nARG TAG=1.0\nFROM $REPO/base:${TAG}\nFROM scratch AS two\n"
    assert parse_dockerfile(source).stages[0].base == "library/base:1.0"
    assert parse_dockerfile(source, build_args={"TAG": "2.0"}).stages[0].base == "library/base:2.0"


def test_global_args_chain_and_use_build_args() -> None:
    df = parse_dockerfile('ARG a1="foo bar" a2=box\nARG a3="$a2-foo"\nFROM busy$a2\n', build_args={"a2": "x"})
    assert df.stages[0].base == "busyx"
    assert df.global_args["a1"] == "foo bar" and df.global_args["a3"] == "x-foo"


def test_global_arg_is_invisible_in_a_stage_until_redeclared() -> None:
    df = parse_dockerfile("ARG V=global\nFROM a\nWORKDIR /$V\nARG V\nWORKDIR /$V\n")
    env = StageEnv.from_image(df)
    before, declare, after = (env.step(i) for i in df.stages[0].commands)
    assert isinstance(before, Workdir) and before.path == "/"
    assert isinstance(declare, Arg) and declare.args == (ArgDecl("V", "global"),)
    assert isinstance(after, Workdir) and after.path == "/global"


def test_redeclared_global_arg_takes_the_build_arg() -> None:
    df = parse_dockerfile("ARG V=global\nFROM a\nARG V\n", build_args={"V": "cli"})
    assert _run_stage(df).get("V") == "cli"


def test_stage_default_is_expanded_and_build_arg_wins() -> None:
    source = "FROM a\nARG A=1\nARG B=${A}-two\n"
    assert _run_stage(parse_dockerfile(source)).get("B") == "1-two"
    assert _run_stage(parse_dockerfile(source, build_args={"A": "x"})).get("B") == "x-two"
    assert _run_stage(parse_dockerfile(source, build_args={"B": "cli"})).get("B") == "cli"


def test_arg_without_value_or_build_arg_stays_unset_and_empty_default_is_set() -> None:
    env = _run_stage(parse_dockerfile("FROM a\nARG FOO\nARG BAR=\n"))
    assert env.get("FOO") is None and "FOO" not in {e.split("=")[0] for e in env.build_env}
    assert env.get("BAR") == "" and "BAR=" in env.build_env


def test_build_arg_without_declaration_is_not_visible() -> None:
    df = parse_dockerfile("FROM a\nWORKDIR /$SECRET\n", build_args={"SECRET": "x"})
    env = StageEnv.from_image(df)
    step = env.step(df.stages[0].commands[0])
    assert isinstance(step, Workdir) and step.path == "/" and env.get("SECRET") is None


def test_env_overrides_arg_and_args_stay_out_of_the_image_config() -> None:
    df = parse_dockerfile(
        "FROM a\nARG my_arg\n"
        'ENV my_arg="my_arg=${my_arg:-def_val}"\nENV trimmed="${my_arg%%=*}"\nARG ONLY_ARG=1\n',
        build_args={"my_arg": "override"},
    )
    env = _run_stage(df)
    assert env.get("my_arg") == "my_arg=override" and env.get("trimmed") == "my_arg"
    assert "ONLY_ARG=1" in env.build_env
    assert not any(e.startswith("ONLY_ARG=") for e in env.config_env)
    assert "my_arg=my_arg=override" in env.config_env


def test_default_that_would_fail_is_not_evaluated_when_a_build_arg_is_given() -> None:
    source = 'FROM a\nARG FOO\nARG BAR=${FOO:?"foo missing"}\n'
    with pytest.raises(DockerfileError, match="FOO: foo missing"):
        _run_stage(parse_dockerfile(source))
    assert _run_stage(parse_dockerfile(source, build_args={"BAR": "123"})).get("BAR") == "123"
    assert _run_stage(parse_dockerfile(source, build_args={"FOO": "1"})).get("BAR") == "1"


def test_global_arg_error_names_its_line() -> None:
    with pytest.raises(DockerfileError) as caught:
        parse_dockerfile('\nARG FOO=${FOO:?"custom error"}\nFROM a\n', filename="Dockerfile")
    assert caught.value.line == 2 and "FOO: custom error" in caught.value.message
    assert parse_dockerfile('ARG FOO=${FOO:?"custom error"}\nFROM a\n', build_args={"FOO": "b"})


def test_builtin_platform_args() -> None:
    df = parse_dockerfile(
        "FROM --platform=$BUILDPLATFORM a AS b\nARG TARGETARCH\nARG TARGETOS\n",
        target_platform="linux/arm64",
    )
    assert df.stages[0].resolved_platform == df.global_args["BUILDPLATFORM"]
    env = _run_stage(df)
    assert (env.get("TARGETOS"), env.get("TARGETARCH")) == ("linux", "arm64")


def test_child_stage_inherits_parent_scope() -> None:
    df = parse_dockerfile("FROM a AS base\nARG V=1\nENV E=2\nFROM base\nWORKDIR /$V$E\n")
    parent = _run_stage(df, 0)
    child = StageEnv.from_stage(parent)
    step = child.step(df.stages[1].commands[0])
    assert isinstance(step, Workdir) and step.path == "/12"
    assert child.config_env == parent.config_env
