"""Building and running programs with the real Go toolchains the README's set-up installs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import TOOLCHAINS

GO = {
    "1.19": Path("/usr/lib/go-1.19/bin/go"),
    "1.22": TOOLCHAINS / "go1.22.10" / "go" / "bin" / "go",
    "1.27": TOOLCHAINS / "go1.27.3" / "go" / "bin" / "go",
}


def go_env(workdir: Path, gocache: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "GOTOOLCHAIN": "local",
        "GO111MODULE": "off",
        "GOFLAGS": "",
        "GOCACHE": str(gocache),
        "GOPATH": str(workdir / "gopath"),
        **extra,
    }


def build(go: Path, program: Path, gcflags: str, workdir: Path, gocache: Path) -> Path:
    """go build -gcflags=<gcflags> of one file; returns the binary."""
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy(program, workdir / program.name)
    binary = workdir / "prog"
    subprocess.run(
        [str(go), "build", f"-gcflags={gcflags}", "-o", str(binary), program.name],
        cwd=workdir,
        env=go_env(workdir, gocache),
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
