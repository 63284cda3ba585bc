"""``gmpsim compile -m`` against the real compilers: inlining lines and NOSPLIT marks.

For each program (the article's four cases and the programs in data/compiler) and each of
the gcflags the issue names, ``go build -gcflags='-m -S …'`` with go1.19, go1.22.10 and
go1.27.3 must report the same ``can inline`` / ``inlining call to`` lines for the program's
own functions, in the same order, as ``gmpsim compile -m``, and mark NOSPLIT exactly the
functions the model gives no stack-check prologue.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gmpsim.cli import main as gmpsim_main
from gmpsim.compiler import GcFlags
from gmpsim.compiler.inl import compile_unit
from gmpsim.compiler.syntax import load_package
from gmpsim.frontend import parse_file
from gmpsim.versions import GoVersion, behaviour
from tests.conftest import REPO, TOOLCHAINS

GO = {
    "1.19": Path("/usr/lib/go-1.19/bin/go"),
    "1.22": TOOLCHAINS / "go1.22.10" / "go" / "bin" / "go",
    "1.27": TOOLCHAINS / "go1.27.3" / "go" / "bin" / "go",
}
PROGRAMS = sorted((REPO / "examples" / "sched").glob("case*.go")) + sorted(
    (Path(__file__).parent / "data" / "compiler").glob("*.go")
)
FLAG_SETS = ["", "-l", "-N", "-N -l"]
STEXT = re.compile(r"^main\.(\S+) STEXT (nosplit )?", re.M)

pytestmark = pytest.mark.oracle


@pytest.fixture(scope="session")
def gocache(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """One build cache for the session, shared by the xdist workers (Go's cache is safe for
    concurrent use), so each toolchain compiles the standard library once."""
    base = tmp_path_factory.getbasetemp()
    cache = (base.parent if worker_id != "master" else base) / "gocache"
    cache.mkdir(exist_ok=True)
    return cache


def real_build(go: Path, program: Path, gcflags: str, workdir: Path, gocache: Path) -> str:
    shutil.copy(program, workdir / program.name)
    env = {
        **os.environ,
        "GOTOOLCHAIN": "local",
        "GO111MODULE": "off",
        "GOFLAGS": "",
        "GOCACHE": str(gocache),
        "GOPATH": str(workdir / "gopath"),
    }
    proc = subprocess.run(
        [str(go), "build", f"-gcflags=-m -S {gcflags}".strip(), "-o", str(workdir / "prog"), program.name],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout + proc.stderr


@pytest.mark.parametrize("gcflags", FLAG_SETS)
@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.stem)
@pytest.mark.parametrize("go", sorted(GO))
def test_compile_m_and_nosplit_match_real_go(
    go: str, program: Path, gcflags: str, tmp_path: Path, gocache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not GO[go].exists():
        pytest.skip(f"go{go} is not installed at {GO[go]} (make setup installs it)")
    real = real_build(GO[go], program, gcflags, tmp_path, gocache)

    unit = parse_file(program)
    result = compile_unit(unit, behaviour(GoVersion.parse(go)), GcFlags.parse(gcflags))
    own = set(result.funcs)

    inlining = re.compile(rf"^\./{re.escape(program.name)}:\d+:\d+: (?:can inline|inlining call to) (\S+)$")
    real_lines = [ln for ln in real.splitlines() if (m := inlining.match(ln)) and m.group(1) in own]

    code = gmpsim_main(["compile", str(program), "--go", go, f"--gcflags={gcflags}", "-m"])
    out, err = capsys.readouterr()
    if (
        any(fn.name_node.type == "func_literal" for fn in load_package(unit).funcs.values())
        and "-l" not in gcflags
    ):
        # gc's -m lines for closures (numbering of copies, budgets) are not modelled.
        assert code == 2 and "unsupported: -m lines for a file with function literals" in err
    else:
        assert code == 0
        assert [ln for ln in out.splitlines() if ln.startswith("./")] == real_lines

    real_nosplit = {m.group(1): bool(m.group(2)) for m in STEXT.finditer(real) if m.group(1) in own}
    assert set(real_nosplit) == own, "every function of the program is compiled"
    assert {name: not fn.has_prologue for name, fn in result.funcs.items()} == real_nosplit
