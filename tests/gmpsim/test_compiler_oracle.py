"""``gmpsim compile -m`` against the real compilers: inlining lines and NOSPLIT marks.

For each program (the article's four cases and the programs in data/compiler) and each of
the gcflags the issue names, ``go build -gcflags='-m -S …'`` with go1.19, go1.22.10 and
go1.27.3 must report the same ``can inline`` / ``inlining call to`` lines for the program's
own functions, in the same order, as ``gmpsim compile -m``, and mark NOSPLIT exactly the
functions the model gives no stack-check prologue.

One ``go build`` per toolchain and gcflags compiles all the programs (each in its own
directory, so its own main package); the tests share one worker so that each build, and the
standard library each toolchain compiles into the session's cache, happens once.
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
from gmpsim.frontend import parse_file
from gmpsim.versions import GoVersion, behaviour
from tests.conftest import GOCACHE, REPO
from tests.gmpsim.realgo import GO

PROGRAMS = sorted((REPO / "examples" / "sched").glob("case*.go")) + sorted(
    (Path(__file__).parent / "data" / "compiler").glob("*.go")
)
FLAG_SETS = ["", "-l", "-N", "-N -l"]
STEXT = re.compile(r"^main\.(\S+) STEXT (nosplit )?", re.M)

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("go-compiler-oracle")]


class RealBuilds:
    """``go build -gcflags='<base> …'`` output per program, built on first use."""

    def __init__(self, root: Path, base: str = "-m -S") -> None:
        self.root = root
        self.base = base
        self.cache = GOCACHE
        self.outputs: dict[tuple[str, str], dict[str, str]] = {}

    def output(self, go: str, gcflags: str, program: Path) -> str:
        key = (go, gcflags)
        if key not in self.outputs:
            self.outputs[key] = self._build_all(go, gcflags)
        return self.outputs[key][program.stem]

    def _build_all(self, go: str, gcflags: str) -> dict[str, str]:
        work = self.root / f"go{go}{self.base.replace(' ', '')}{gcflags.replace(' ', '')}"
        for program in PROGRAMS:
            (work / program.stem).mkdir(parents=True, exist_ok=True)
            shutil.copy(program, work / program.stem / program.name)
        env = {
            **os.environ,
            "GOTOOLCHAIN": "local",
            "GO111MODULE": "off",
            "GOFLAGS": "",
            "GOCACHE": str(self.cache),
            "GOPATH": str(self.root / "gopath"),
        }
        proc = subprocess.run(
            [str(GO[go]), "build", f"-gcflags={self.base} {gcflags}".strip(), "-o", str(work / "bin") + "/"]
            + [f"./{p.stem}" for p in PROGRAMS],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        sections: dict[str, str] = {}
        for section in re.split(r"^# ", proc.stdout + proc.stderr, flags=re.M)[1:]:
            header, _, body = section.partition("\n")
            sections[header.rsplit("/", 1)[-1]] = body
        return sections


@pytest.fixture(scope="session")
def real_builds(tmp_path_factory: pytest.TempPathFactory) -> RealBuilds:
    return RealBuilds(tmp_path_factory.mktemp("go-oracle"))


@pytest.mark.parametrize("gcflags", FLAG_SETS)
@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.stem)
@pytest.mark.parametrize("go", sorted(GO))
def test_compile_m_and_nosplit_match_real_go(
    go: str, program: Path, gcflags: str, real_builds: RealBuilds, capsys: pytest.CaptureFixture[str]
) -> None:
    if not GO[go].exists():
        pytest.skip(f"go{go} is not installed at {GO[go]} (make setup installs it)")
    real = real_builds.output(go, gcflags, program)

    unit = parse_file(program)
    result = compile_unit(unit, behaviour(GoVersion.parse(go)), GcFlags.parse(gcflags))
    own = set(result.funcs)

    inlining = re.compile(
        rf"^{program.stem}/({re.escape(program.name)}:\d+:\d+: (?:can inline|inlining call to) (\S+))$"
    )
    real_lines = [
        f"./{m.group(1)}" for ln in real.splitlines() if (m := inlining.match(ln)) and m.group(2) in own
    ]

    code = gmpsim_main(["compile", str(program), "--go", go, f"--gcflags={gcflags}", "-m"])
    out, err = capsys.readouterr()
    if result.messages_unfaithful is not None:
        # gc's -m lines for closures (numbering of copies, budgets) are not modelled.
        assert code == 2 and "unsupported: -m lines for" in err
    else:
        assert code == 0
        assert [ln for ln in out.splitlines() if ln.startswith("./")] == real_lines

    real_nosplit = {m.group(1): bool(m.group(2)) for m in STEXT.finditer(real) if m.group(1) in own}
    assert set(real_nosplit) == own, "every function of the program is compiled"
    assert {name: not fn.has_prologue for name, fn in result.funcs.items()} == real_nosplit
