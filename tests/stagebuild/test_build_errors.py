"""Build errors name the Dockerfile line and exit 1; a failing RUN shows its output and exit code;
the final image's entrypoint is checked for a loader it can start with."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.stagebuild.conftest import BUSYBOX_REF, StagebuildRunner, requires_runc, write_context

pytestmark = [requires_runc()]


def test_failing_run_shows_output_and_exit_code(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {"Dockerfile": f"FROM {BUSYBOX_REF}\n\nRUN echo out-$((2*21)) && echo err-$((2*21)) >&2 && exit 3\n"},
    )
    for progress in ("plain", "quiet"):
        result = stagebuild("build", "--progress", progress, str(ctx), check=False)
        assert result.returncode == 1
        assert "out-42" in result.stderr and "err-42" in result.stderr
        assert "Dockerfile:3:" in result.stderr
        assert "exit code: 3" in result.stderr


@pytest.mark.parametrize(
    ("dockerfile", "line", "message"),
    [
        (f"FROM {BUSYBOX_REF}\nRUN true\nFROM no-such-image:1\n", 3, "not found"),
        (
            f"FROM {BUSYBOX_REF} AS a\nCOPY --from=b /x /x\nFROM {BUSYBOX_REF} AS b\nCOPY --from=a /y /y\n",
            0,
            "circular",
        ),
        (f"FROM {BUSYBOX_REF}\nCOPY missing.txt /\n", 2, "missing.txt"),
        (f"FROM {BUSYBOX_REF}\nSTOPSIGNAL SIGNOPE\n", 2, "Invalid signal"),
        (f"FROM {BUSYBOX_REF}\nUSER nosuchuser\nRUN true\n", 3, "nosuchuser"),
        (f"FROM {BUSYBOX_REF}\nUSER nosuchuser\nWORKDIR /app\n", 3, "nosuchuser"),
    ],
)
def test_errors_name_the_line(
    stagebuild: StagebuildRunner, tmp_path: Path, dockerfile: str, line: int, message: str
) -> None:
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": dockerfile})
    result = stagebuild("build", "--progress", "plain", str(ctx), check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert f"Dockerfile:{line}:" in result.stderr if line else "Dockerfile:" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_target(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": f"FROM {BUSYBOX_REF} AS a\n"})
    result = stagebuild("build", "--target", "nope", str(ctx), check=False)
    assert result.returncode == 1
    assert 'target stage "nope" could not be found' in result.stderr


def test_entrypoint_loader_check(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    host_binary = shutil.which("true")
    assert host_binary is not None
    ctx = write_context(
        tmp_path / "ctx",
        {"Dockerfile": f'FROM {BUSYBOX_REF}\nCOPY true /app\nENTRYPOINT ["/app"]\n'},
    )
    shutil.copy(host_binary, ctx / "true")
    warned = stagebuild("build", "--progress", "quiet", "-t", "glibc:warn", str(ctx))
    assert "WARNING" in warned.stderr and "/app" in warned.stderr
    failed = stagebuild("build", "--progress", "quiet", "--check=error", str(ctx), check=False)
    assert failed.returncode == 1
    assert "ERROR" in failed.stderr


def test_a_failing_stage_stops_the_others(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"""\
FROM {BUSYBOX_REF} AS slow
RUN sleep 60

FROM {BUSYBOX_REF} AS broken
RUN sleep 1 && exit 5

FROM scratch
COPY --from=slow /bin/sh /a
COPY --from=broken /bin/sh /b
""",
        },
    )
    started = time.monotonic()
    result = stagebuild("build", "--progress", "plain", str(ctx), check=False, timeout=50)
    assert result.returncode == 1
    assert time.monotonic() - started < 30
    assert "ERROR: Dockerfile:5:" in result.stderr and "exit code: 5" in result.stderr
    assert "exit code: 137" not in result.stderr


def test_dockerfile_from_stdin(store_root: Path, tmp_path: Path) -> None:
    ctx = write_context(tmp_path / "ctx", {"unrelated.txt": "the context holds no Dockerfile\n"})
    result = subprocess.run(
        [sys.executable, "-m", "stagebuild", "build", "--progress", "plain", "-f", "-", str(ctx)],
        input=f"FROM {BUSYBOX_REF}\nRUN echo stdin-$((6*7))\nRUN exit 4\n",
        capture_output=True,
        text=True,
        env={**os.environ, "STAGEBUILD_ROOT": str(store_root)},
        timeout=120,
    )
    assert "stdin-42" in result.stderr
    assert result.returncode == 1 and "Dockerfile:3:" in result.stderr
