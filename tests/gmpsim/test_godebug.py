"""GODEBUG's build defaults, ``//go:debug`` lines and the build mode, against the real toolchains:
GOPATH mode takes Go 1.20's defaults (panic(nil) recovers nil, no GOMAXPROCS updater), module
mode the go line's (``go run x.go`` outside a module: the toolchain's own), a directive overrides
the defaults and the GODEBUG variable overrides both; a bad directive is refused in the go
command's words."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gmpsim.api import run
from gmpsim.frontend import GoSyntaxError
from tests.gmpsim.realgo import GO, go_env, real_output, stderr_head

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]

DATA = Path(__file__).parent / "data" / "godebug"


def _compare(program: Path, version: str, module: str | None, base: Path, godebug: str = "") -> None:
    if not GO[version].exists():
        pytest.skip(f"go{version} is not installed")
    out, err, code = real_output(version, program, base, module)
    if godebug:  # the variable is read at start-up: rerun the same binary with it
        mode = "" if module is None else f"-module-{module}"
        binary = base / f"real-{version}{mode}-{program.stem}" / "prog"
        env = {"GOMAXPROCS": "1", "GODEBUG": godebug, "PATH": "/usr/bin:/bin"}
        done = subprocess.run([str(binary)], capture_output=True, timeout=60, env=env)
        out, err, code = done.stdout, done.stderr, done.returncode
    r = run(
        program, go=version, ncpu=2, gomaxprocs=1, godebug=godebug, module=module, until="1s", events=False
    )
    assert (r.stdout.encode(), stderr_head(r.stderr.encode()), r.exit_code) == (out, stderr_head(err), code)


@pytest.mark.parametrize(
    ("version", "module"),
    [
        ("1.19", None),
        ("1.19", "local"),
        ("1.22", None),
        ("1.22", "local"),
        ("1.27", None),
        ("1.27", "local"),
        ("1.27", "1.22"),
        ("1.27", "1.25"),
    ],
)
def test_build_mode_chooses_the_defaults(
    version: str, module: str | None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _compare(DATA / "ids.go", version, module, tmp_path_factory.getbasetemp())


@pytest.mark.parametrize(
    ("version", "module", "godebug"),
    [
        ("1.27", "local", "panicnil=1,updatemaxprocs=0"),
        ("1.27", None, "updatemaxprocs=1"),
        ("1.22", None, "panicnil=0"),
    ],
)
def test_the_variable_overrides_the_defaults(
    version: str, module: str | None, godebug: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _compare(DATA / "ids.go", version, module, tmp_path_factory.getbasetemp(), godebug)


BODY = (DATA / "ids.go").read_text()
HEADERS = {
    "panicnil": "//go:debug panicnil=1\n\n",
    "both": "//go:debug updatemaxprocs=1\n//go:debug panicnil=0\n",
}


@pytest.mark.parametrize(
    ("header", "version", "module"),
    [
        ("panicnil", "1.19", None),  # an ordinary comment before 1.21
        ("panicnil", "1.22", "local"),
        ("panicnil", "1.27", "local"),
        ("both", "1.27", None),
    ],
)
def test_directives_override_the_defaults(
    header: str, version: str, module: str | None, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    program = tmp_path / f"directive_{header}.go"
    program.write_text(HEADERS[header] + BODY)
    _compare(program, version, module, tmp_path_factory.getbasetemp())


@pytest.mark.parametrize(
    ("version", "header"),
    [
        ("1.22", "//go:debug updatemaxprocs=1\n"),  # not a setting of that release yet
        ("1.27", "//go:debug asyncpreemptoff=1\n"),  # a runtime variable, not a build setting
        ("1.27", "//go:debug panicnil\n"),
        ("1.27", "//go:debug panicnil=1\n//go:debug panicnil=0\n"),
    ],
)
def test_bad_directives_are_refused_as_go_refuses_them(version: str, header: str, tmp_path: Path) -> None:
    go = GO[version]
    if not go.exists():
        pytest.skip(f"go{version} is not installed")
    program = tmp_path / "bad.go"
    program.write_text(header + BODY)
    done = subprocess.run(
        [str(go), "build", "-o", "prog", program.name],
        cwd=tmp_path,
        env=go_env(tmp_path),
        capture_output=True,
    )
    assert done.returncode != 0
    with pytest.raises(GoSyntaxError) as refused:
        run(program, go=version, until="1s", events=False)
    assert done.stderr.decode() == f"# command-line-arguments\n{refused.value}\n"


def test_a_setting_gmpsim_does_not_model_is_unsupported(tmp_path: Path) -> None:
    program = tmp_path / "other.go"
    program.write_text("//go:debug http2client=0\n" + BODY)
    with pytest.raises(
        GoSyntaxError, match=r'^\./other\.go:1:1: unsupported: //go:debug setting "http2client"$'
    ):
        run(program, go="1.27", until="1s", events=False)


def test_a_go_line_newer_than_the_release_is_refused() -> None:
    with pytest.raises(ValueError, match=r"go\.mod requires go >= 1\.23 \(running go 1\.22"):
        run(DATA / "ids.go", go="1.22", module="1.23", until="1s", events=False)
