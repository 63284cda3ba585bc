"""A build killed with SIGKILL in the middle of a RUN leaves a store the next build can use."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.stagebuild.conftest import BUSYBOX_REF, StagebuildRunner, requires_runc, write_context

pytestmark = [requires_runc()]

DOCKERFILE = f"""\
FROM {BUSYBOX_REF}
RUN echo first > /first
ARG NAP=0
RUN echo started-$((1+1)) && sleep $NAP && echo done > /second
"""


def test_next_build_succeeds_after_sigkill(
    stagebuild: StagebuildRunner, store_root: Path, tmp_path: Path
) -> None:
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE})
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "stagebuild",
            "build",
            "--progress",
            "plain",
            "--build-arg",
            "NAP=30",
            str(ctx),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "STAGEBUILD_ROOT": str(store_root)},
        start_new_session=True,
    )
    try:
        assert build.stdout is not None
        deadline = time.monotonic() + 60
        for line in build.stdout:
            if "started-2" in line or time.monotonic() > deadline:
                break
        assert build.poll() is None, "the build ended before its RUN step was running"
        time.sleep(0.3)
        os.killpg(build.pid, signal.SIGKILL)  # the build and its runc; the container may outlive them
    finally:
        build.wait(timeout=30)
        if build.stdout is not None:
            build.stdout.close()

    result = stagebuild("build", "--progress", "plain", "-t", "after:kill", str(ctx))
    assert "started-2" in result.stdout + result.stderr
    assert "#2 CACHED" in result.stderr  # the step that finished before the kill is reused
    assert re.search(r"^after\s+kill\s", stagebuild("images").stdout, re.M)
