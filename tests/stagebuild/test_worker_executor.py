"""The runc executor: output, exit codes, environment, working directory, user, network, clean-up."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import time
from pathlib import Path
from typing import Any

import pytest

from stagebuild.worker.executor import (
    ContainerStartError,
    ExecError,
    ExecTimeoutError,
    ProcessSpec,
    RuncExecutor,
)
from stagebuild.worker.snapshot import (
    CopySnapshotter,
    OverlaySnapshotter,
    Snapshotter,
    overlay_unavailable_reason,
)
from tests.stagebuild.conftest import BUSYBOX, _write_busybox_rootfs

GLIBC_BINARY = Path("/usr/bin/true")
"""Dynamically linked against glibc: its loader is missing from a busybox root filesystem."""

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("runc") is None or not BUSYBOX.exists(),
    reason="needs root, runc and busybox-static",
)


@pytest.fixture(scope="module")
def rootfs_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A busybox root filesystem: /bin/busybox, its applets as symlinks, passwd and group."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        _write_busybox_rootfs(tar)
    buffer.seek(0)
    root = tmp_path_factory.mktemp("busybox") / "rootfs"
    with tarfile.open(fileobj=buffer) as tar:
        tar.extractall(root, filter="tar")
    with (root / "etc/passwd").open("a") as passwd:
        passwd.write("app:x:1000:1000:app:/home/app:/bin/sh\n")
    with (root / "etc/group").open("a") as group:
        group.write("app:x:1000:\nstaff:x:50:app\n")
    return root


@pytest.fixture
def rootfs(rootfs_template: Path, tmp_path: Path) -> Path:
    """A private copy of the busybox root filesystem for one test."""
    root = tmp_path / "rootfs"
    shutil.copytree(rootfs_template, root, symlinks=True)
    return root


@pytest.fixture
def executor(tmp_path: Path) -> RuncExecutor:
    return RuncExecutor(tmp_path / "state")


def _run(executor: RuncExecutor, rootfs: Path, *args: str, **spec: Any) -> tuple[int, str, str]:
    out: list[bytes] = []
    err: list[bytes] = []
    process = ProcessSpec(args=args, **spec)
    code = executor.run(rootfs, process, out.append, err.append)
    return code, b"".join(out).decode(), b"".join(err).decode()


def test_echo_and_exit_codes(executor: RuncExecutor, rootfs: Path) -> None:
    assert _run(executor, rootfs, "echo", "hello") == (0, "hello\n", "")
    assert _run(executor, rootfs, "sh", "-c", "echo out; echo err >&2; exit 3") == (3, "out\n", "err\n")


def test_environment_defaults_and_overrides(executor: RuncExecutor, rootfs: Path) -> None:
    code, out, _ = _run(executor, rootfs, "env", env=("FOO=bar baz",))
    env = dict(line.split("=", 1) for line in out.splitlines())
    assert code == 0
    assert env["FOO"] == "bar baz"
    assert env["PATH"] == "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    assert env["HOME"] == "/root"
    _, out, _ = _run(executor, rootfs, "sh", "-c", "echo $PATH", env=("PATH=/bin",))
    assert out == "/bin\n"


def test_missing_working_directory_is_created(executor: RuncExecutor, rootfs: Path) -> None:
    assert _run(executor, rootfs, "pwd", cwd="/work/deep/dir") == (0, "/work/deep/dir\n", "")
    assert (rootfs / "work/deep/dir").is_dir()


def test_user_by_name_id_and_group(executor: RuncExecutor, rootfs: Path) -> None:
    script = ("sh", "-c", "echo $(id -u) $(id -g) $(id -G) $HOME")
    assert _run(executor, rootfs, *script, user="app")[1] == "1000 1000 1000 50 /home/app\n"
    assert _run(executor, rootfs, *script, user="nobody")[1] == "65534 65534 65534 /\n"
    assert _run(executor, rootfs, *script, user="4321:staff")[1] == "4321 50 50 /\n"
    with pytest.raises(ExecError, match="unable to find user ghost"):
        _run(executor, rootfs, "true", user="ghost")


def test_non_root_user_has_no_effective_capabilities(executor: RuncExecutor, rootfs: Path) -> None:
    read_caps = ("sh", "-c", "grep CapEff /proc/self/status")
    assert _run(executor, rootfs, *read_caps)[1].split()[1] == "00000000a80425fb"
    assert _run(executor, rootfs, *read_caps, user="app")[1].split()[1] == "0000000000000000"


def test_network_none_shows_only_loopback(executor: RuncExecutor, rootfs: Path) -> None:
    assert _run(executor, rootfs, "ls", "/sys/class/net") == (0, "lo\n", "")


def test_network_host_shows_the_host_interfaces(executor: RuncExecutor, rootfs: Path) -> None:
    code, out, _ = _run(executor, rootfs, "ls", "/sys/class/net", network="host")
    assert code == 0
    assert out.split() == sorted(os.listdir("/sys/class/net"))


def test_hosts_resolv_conf_and_hostname_are_provided(executor: RuncExecutor, rootfs: Path) -> None:
    code, out, _ = _run(executor, rootfs, "sh", "-c", "cat /etc/hosts; hostname; cat /etc/hostname")
    assert code == 0
    assert "127.0.0.1\tlocalhost stagebuild" in out
    assert out.endswith("stagebuild\nstagebuild\n")


def test_start_failure_reports_runc_error(executor: RuncExecutor, rootfs: Path) -> None:
    with pytest.raises(ContainerStartError, match=r"exec: \"/no/such/binary\".*no such file or directory"):
        _run(executor, rootfs, "/no/such/binary")
    assert not (rootfs / "proc").exists()


def test_timeout_kills_and_deletes_the_container(executor: RuncExecutor, rootfs: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ExecTimeoutError):
        _run(executor, rootfs, "sleep", "30", timeout=0.5)
    assert time.monotonic() - started < 10
    listing = subprocess.run(
        ["runc", "--root", str(executor.state_dir / "runc"), "list", "-q"], capture_output=True, text=True
    )
    assert listing.stdout.strip() == ""
    assert list((executor.state_dir / "bundles").iterdir()) == []


@pytest.fixture(params=["overlayfs", "copy"])
def snapshotter(request: pytest.FixtureRequest, tmp_path: Path) -> Snapshotter:
    if request.param == "overlayfs":
        reason = overlay_unavailable_reason(tmp_path)
        if reason is not None:
            pytest.skip(reason)
        return OverlaySnapshotter()
    return CopySnapshotter()


def _committed(upper: Path) -> list[str]:
    return sorted(str(p.relative_to(upper)) for p in upper.rglob("*"))


def test_mount_stubs_are_not_committed(
    executor: RuncExecutor, rootfs: Path, tmp_path: Path, snapshotter: Snapshotter
) -> None:
    (rootfs / "etc/hosts").unlink(missing_ok=True)
    (rootfs / "etc/resolv.conf").symlink_to("../run/systemd/resolve/stub-resolv.conf")
    with snapshotter.mount([rootfs], tmp_path / "snap") as snap:
        script = "cat /etc/hosts /etc/resolv.conf >/dev/null && echo > /tmp/made"
        code, _, _ = _run(executor, snap.rootfs, "sh", "-c", script)
        assert code == 0
        upper = snap.commit()
    assert _committed(upper) == ["tmp", "tmp/made"]


def test_image_without_etc_gets_no_etc(
    executor: RuncExecutor, rootfs: Path, tmp_path: Path, snapshotter: Snapshotter
) -> None:
    shutil.rmtree(rootfs / "etc")
    with snapshotter.mount([rootfs], tmp_path / "snap") as snap:
        assert _run(executor, snap.rootfs, "cat", "/etc/hostname") == (0, "stagebuild\n", "")
        upper = snap.commit()
    assert _committed(upper) == []


def test_exec_failure_inside_the_container_is_a_start_error(executor: RuncExecutor, rootfs: Path) -> None:
    shutil.copy(GLIBC_BINARY, rootfs / "app")
    with pytest.raises(ContainerStartError, match=r"^exec /app: no such file or directory$"):
        _run(executor, rootfs, "/app")
    code, _, err = _run(executor, rootfs, "sh", "-c", "echo 'exec /x: not really' >&2; exit 1")
    assert (code, err) == (1, "exec /x: not really\n"), "output that names another file is the program's"
