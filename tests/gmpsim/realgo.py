"""Building and running programs with the real Go toolchains the README's set-up installs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import GOCACHE, TOOLCHAINS

GO = {
    "1.19": Path("/usr/lib/go-1.19/bin/go"),
    "1.22": TOOLCHAINS / "go1.22.10" / "go" / "bin" / "go",
    "1.27": TOOLCHAINS / "go1.27.3" / "go" / "bin" / "go",
}


def go_env(workdir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "GOTOOLCHAIN": "local",
        "GO111MODULE": "off",
        "GOFLAGS": "",
        "GOCACHE": str(GOCACHE),
        "GOPATH": str(workdir / "gopath"),
        **extra,
    }


def build(go: Path, program: Path, gcflags: str, workdir: Path, module: str | None = None) -> Path:
    """go build -gcflags=<gcflags> of one file; returns the binary.

    ``module`` as gmpsim's: None builds in GOPATH mode, ``"local"`` in module mode with no
    go.mod (as ``go run x.go`` does), ``"1.22"`` in a module whose go.mod says ``go 1.22``."""
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy(program, workdir / program.name)
    if module not in (None, "local"):
        (workdir / "go.mod").write_text(f"module prog\n\ngo {module}\n")
    binary = workdir / "prog"
    subprocess.run(
        [str(go), "build", f"-gcflags={gcflags}", "-o", str(binary), program.name],
        cwd=workdir,
        env=go_env(workdir, **({} if module is None else {"GO111MODULE": "on"})),
        check=True,
        capture_output=True,
        timeout=300,
    )
    return binary


def run_for(binary: Path, seconds: float, godebug: str = "") -> tuple[bytes, bytes, int | None]:
    """Run the binary, killing it after ``seconds``; stdout, stderr and exit code (None: killed)."""
    env = {**os.environ, "GODEBUG": godebug}
    env.pop("GOMAXPROCS", None)
    try:
        done = subprocess.run([str(binary)], capture_output=True, env=env, timeout=seconds)
    except subprocess.TimeoutExpired as killed:
        return killed.stdout or b"", killed.stderr or b"", None
    return done.stdout, done.stderr, done.returncode


def stderr_head(stderr: bytes) -> bytes:
    """stderr up to and including the first ``goroutine N [...]:`` header (frames are not modelled),
    with the fault's address and program counter masked: the program counter differs from build
    to build, and the address is the faulting field's offset where the compiler lets the load
    itself fault (go1.27) rather than an explicit nil check at offset 0 (go1.19)."""
    lines = stderr.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(b"goroutine ") and line.rstrip().endswith(b"]:"):
            lines = lines[: i + 1]
            break
    return re.sub(rb" addr=0x[0-9a-f]+ pc=0x[0-9a-f]+\]", b" addr=ADDR pc=PC]", b"".join(lines))


def real_output(
    version: str, program: Path, base: Path, module: str | None = None
) -> tuple[bytes, bytes, int]:
    """stdout, stderr and exit code of ``program`` built by the real go<version>, at GOMAXPROCS=1
    (``module``: the build mode, as :func:`build` takes it).

    The binary is kept under ``base`` (a session's temporary directory), so each program is
    built once per session, version and build mode."""
    go = GO[version]
    mode = "" if module is None else f"-module-{module}"
    binary = base / f"real-{version}{mode}-{program.stem}" / "prog"
    if not binary.exists():
        build(go, program, "", binary.parent, module)
    done = subprocess.run(
        [str(binary)], capture_output=True, timeout=60, env={"GOMAXPROCS": "1", "PATH": "/usr/bin:/bin"}
    )
    return done.stdout, done.stderr, done.returncode


def gmpsim_and_real(
    program: Path, version: str, base: Path
) -> tuple[tuple[str, str, int], tuple[str, str, int]]:
    """(stdout, stderr up to the goroutine header, exit code) from ``gmpsim run --go <version>
    --gomaxprocs 1`` and from the real program; skips when the toolchain is absent."""
    import pytest

    from gmpsim.api import run

    if not GO[version].exists():
        pytest.skip(f"go{version} is not installed at {GO[version]}")
    out, err, code = real_output(version, program, base)
    r = run(program, go=version, ncpu=2, gomaxprocs=1, until="10s", events=False)
    mine = stderr_head(r.stderr.encode("utf-8", "surrogateescape"))
    return (
        (r.stdout, mine.decode("utf-8", "surrogateescape"), r.exit_code),
        (out.decode("utf-8", "surrogateescape"), stderr_head(err).decode("utf-8", "surrogateescape"), code),
    )
