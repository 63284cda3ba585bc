"""``stagebuild run``: the container's output and exit code, docker-run overrides, start failures."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.stagebuild.conftest import (
    BUSYBOX_REF,
    StagebuildRunner,
    _add_file,
    _write_musl_rootfs,
    requires_runc,
)

pytestmark = [requires_runc()]

GLIBC_BINARY = Path("/usr/bin/true")


def test_output_and_exit_code_are_the_containers(stagebuild: StagebuildRunner, store_root: Path) -> None:
    result = stagebuild("run", "--rm", BUSYBOX_REF, "sh", "-c", "echo out; echo err >&2; exit 3", check=False)
    assert (result.returncode, result.stdout, result.stderr) == (3, "out\n", "err\n")
    assert list((store_root / "worker/containers").iterdir()) == [], "the writable layer is discarded"
    assert list((store_root / "worker/bundles").iterdir()) == []


def test_environment_workdir_and_user_override_the_image(stagebuild: StagebuildRunner) -> None:
    script = 'echo "$FOO|$(pwd)|$(id -u)|$PATH"'
    result = stagebuild(
        "run", "-e", "FOO=bar", "-w", "/tmp/new", "-u", "nobody", BUSYBOX_REF, "sh", "-c", script
    )
    assert (
        result.stdout == "bar|/tmp/new|65534|/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
    )


def test_entrypoint_flag_replaces_entrypoint_and_cmd(stagebuild: StagebuildRunner) -> None:
    assert stagebuild("run", "--entrypoint", "echo", BUSYBOX_REF, "a", "b").stdout == "a b\n"


def test_network_is_loopback_only_unless_host(stagebuild: StagebuildRunner) -> None:
    assert stagebuild("run", BUSYBOX_REF, "ls", "/sys/class/net").stdout == "lo\n"
    host = stagebuild("run", "--network", "host", BUSYBOX_REF, "ls", "/sys/class/net").stdout
    assert host.split() == sorted(os.listdir("/sys/class/net"))


def test_missing_command_shows_runc_error_and_exit_127(stagebuild: StagebuildRunner) -> None:
    result = stagebuild("run", BUSYBOX_REF, "/no/such/program", check=False)
    assert result.returncode == 127
    assert 'exec: "/no/such/program": stat /no/such/program: no such file or directory' in result.stderr


def test_glibc_binary_in_musl_image_is_explained(
    stagebuild: StagebuildRunner, tmp_path: Path, store_root: Path
) -> None:
    rootfs = tmp_path / "musl-app.tar"
    with tarfile.open(rootfs, "w", format=tarfile.PAX_FORMAT) as tar:
        _write_musl_rootfs(tar)
        _add_file(tar, "app", GLIBC_BINARY.read_bytes(), 0o755)
    stagebuild("import", str(rootfs), "musl-app:1")
    result = stagebuild("run", "musl-app:1", "/app", check=False)
    assert result.returncode == 127
    lines = result.stderr.splitlines()
    runc_line = lines.index("exec /app: no such file or directory")
    explanation = lines[runc_line + 1]
    assert explanation.startswith("stagebuild: ") and "ld-linux-x86-64.so.2" in explanation


def test_timeout_kills_the_container(stagebuild: StagebuildRunner) -> None:
    result = stagebuild(
        "run", "--timeout", "0.5", BUSYBOX_REF, "sh", "-c", "while :; do :; done", check=False
    )
    assert result.returncode == 137
    assert "timeout" in result.stderr


def test_unknown_image_is_an_error(stagebuild: StagebuildRunner) -> None:
    result = stagebuild("run", "nothing:here", "true", check=False)
    assert result.returncode == 125
    assert "nothing:here" in result.stderr


def test_image_without_command_is_an_error(stagebuild: StagebuildRunner) -> None:
    result = stagebuild("run", BUSYBOX_REF, check=False)
    assert result.returncode == 125
    assert "no command specified" in result.stderr


def _start_run(store_root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "STAGEBUILD_ROOT": str(store_root)}
    return subprocess.Popen(
        [sys.executable, "-m", "stagebuild", "run", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _containers(store_root: Path) -> list[str]:
    listing = subprocess.run(
        ["runc", "--root", str(store_root / "worker/runc"), "list", "-q"], capture_output=True, text=True
    )
    return listing.stdout.split()


def _wait_for_output(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    assert process.stdout.readline() == "started\n"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_kills_and_removes_the_container(store_root: Path, signum: signal.Signals) -> None:
    process = _start_run(store_root, BUSYBOX_REF, "sh", "-c", "echo started; while :; do sleep 1; done")
    _wait_for_output(process)
    process.send_signal(signum)
    assert process.wait(timeout=20) == 130
    assert _containers(store_root) == []
    assert list((store_root / "worker/containers").iterdir()) == []


def test_container_left_by_a_killed_run_is_removed_by_the_next(
    stagebuild: StagebuildRunner, store_root: Path
) -> None:
    process = _start_run(store_root, BUSYBOX_REF, "sh", "-c", "echo started; while :; do sleep 1; done")
    _wait_for_output(process)
    process.kill()
    process.wait(timeout=20)
    assert len(_containers(store_root)) == 1, "runc outlives a process killed with SIGKILL"
    assert stagebuild("run", "--rm", BUSYBOX_REF, "echo", "next").stdout == "next\n"
    assert _containers(store_root) == []
    assert list((store_root / "worker/containers").iterdir()) == []


def test_copy_snapshotter_runs_the_same(store_root: Path) -> None:
    env = {**os.environ, "STAGEBUILD_ROOT": str(store_root), "STAGEBUILD_SNAPSHOTTER": "copy"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "stagebuild",
            "run",
            "--rm",
            BUSYBOX_REF,
            "sh",
            "-c",
            "ls /bin/busybox; exit 4",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stdout) == (4, "/bin/busybox\n")
    assert list((store_root / "worker/containers").iterdir()) == []
