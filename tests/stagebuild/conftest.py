"""Shared stagebuild fixtures: base images made from Debian packages, and a CLI runner.

The base images are built once per test session (per xdist worker) from Debian's
``busybox-static`` and ``musl``, imported with ``stagebuild import`` into a session store; each
test gets its own copy of that store, so tests never see each other's cache.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

BUSYBOX = Path("/bin/busybox")
MUSL_LIBC = Path("/lib/x86_64-linux-musl/libc.so")
MUSL_PATH_FILE = Path("/etc/ld-musl-x86_64.path")

BUSYBOX_REF = "busybox:test"
MUSL_REF = "musl:test"

StagebuildRunner = Callable[..., subprocess.CompletedProcess[str]]


def _missing_tools() -> list[str]:
    missing = [tool for tool in ("runc", "umoci", "skopeo") if shutil.which(tool) is None]
    if not BUSYBOX.exists():
        missing.append("busybox-static")
    if os.geteuid() != 0:
        missing.append("root")
    return missing


def requires_runc() -> pytest.MarkDecorator:
    """Skip (with the reason shown) where real builds cannot run: not root, or a tool missing."""
    missing = _missing_tools()
    return pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)}")


def _add_dir(tar: tarfile.TarFile, name: str, mode: int = 0o755) -> None:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mode = mode
    tar.addfile(info)


def _add_file(tar: tarfile.TarFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    tar.addfile(info, io.BytesIO(data))


def _add_symlink(tar: tarfile.TarFile, name: str, target: str) -> None:
    info = tarfile.TarInfo(name)
    info.type = tarfile.SYMTYPE
    info.linkname = target
    tar.addfile(info)


def _write_busybox_rootfs(tar: tarfile.TarFile) -> None:
    """A minimal root filesystem: busybox with its applets linked in /bin, users, /tmp."""
    for name in ("bin", "etc", "root", "usr", "usr/bin", "var"):
        _add_dir(tar, name)
    _add_dir(tar, "tmp", 0o1777)
    _add_file(tar, "bin/busybox", BUSYBOX.read_bytes(), 0o755)
    applets = subprocess.run([str(BUSYBOX), "--list"], capture_output=True, text=True, check=True)
    for applet in sorted(set(applets.stdout.split()) - {"busybox"}):
        _add_symlink(tar, f"bin/{applet}", "busybox")
    _add_file(tar, "etc/passwd", b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n")
    _add_file(tar, "etc/group", b"root:x:0:\nnogroup:x:65534:\n")


def _write_musl_rootfs(tar: tarfile.TarFile) -> None:
    """Busybox plus Debian's musl: the loader where musl binaries look for it, as on Alpine."""
    _write_busybox_rootfs(tar)
    _add_dir(tar, "lib")
    _add_dir(tar, "lib/x86_64-linux-musl")
    _add_file(tar, "lib/x86_64-linux-musl/libc.so", MUSL_LIBC.read_bytes(), 0o755)
    _add_symlink(tar, "lib/ld-musl-x86_64.so.1", "x86_64-linux-musl/libc.so")
    _add_file(tar, "etc/ld-musl-x86_64.path", MUSL_PATH_FILE.read_bytes())


def run_stagebuild(
    root: Path, *args: str, check: bool = True, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess on store ``root``; fail the test with its output on error."""
    env = {**os.environ, "STAGEBUILD_ROOT": str(root)}
    result = subprocess.run(
        [sys.executable, "-m", "stagebuild", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"stagebuild {' '.join(args)} exited {result.returncode}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        )
    return result


@pytest.fixture(scope="session")
def base_images_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session store holding ``busybox:test`` and ``musl:test``; copy it, never build in it."""
    missing = _missing_tools()
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")
    work = tmp_path_factory.mktemp("base-images")
    root = work / "store"
    for ref, writer in ((BUSYBOX_REF, _write_busybox_rootfs), (MUSL_REF, _write_musl_rootfs)):
        rootfs = work / f"{ref.partition(':')[0]}.tar"
        with tarfile.open(rootfs, "w", format=tarfile.PAX_FORMAT) as tar:
            writer(tar)
        run_stagebuild(root, "import", str(rootfs), ref)
    return root


@pytest.fixture
def store_root(base_images_root: Path, tmp_path: Path) -> Path:
    """A private store with the base images, for one test."""
    root = tmp_path / "store"
    shutil.copytree(base_images_root, root, symlinks=True)
    return root


@pytest.fixture
def stagebuild(store_root: Path) -> StagebuildRunner:
    """``stagebuild("build", "-t", "x:1", ctx)`` runs the CLI on this test's store."""

    def runner(*args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return run_stagebuild(store_root, *args, check=check, timeout=timeout)

    return runner


def write_context(directory: Path, files: dict[str, str]) -> Path:
    """Write a build context (``{"Dockerfile": "...", "src/a.txt": "..."}``) and return it."""
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return directory


def export_oci(run: StagebuildRunner, context: Path, dest: Path, *build_args: str) -> Path:
    """Build ``context`` into an OCI layout at ``dest`` (tagged ``latest``) and return ``dest``."""
    run("build", "--progress", "plain", "--output", f"type=oci,dest={dest}", *build_args, str(context))
    return dest


def umoci_unpack(layout: Path, bundle: Path, tag: str = "latest") -> Path:
    """Unpack an OCI layout with the real umoci; returns the unpacked root filesystem."""
    subprocess.run(
        ["umoci", "unpack", "--image", f"{layout}:{tag}", str(bundle)],
        check=True,
        capture_output=True,
    )
    return bundle / "rootfs"


def skopeo_inspect(layout: Path, *flags: str, tag: str = "latest") -> str:
    """``skopeo inspect oci:LAYOUT:TAG`` with the real skopeo; returns its JSON text."""
    result = subprocess.run(
        ["skopeo", "inspect", *flags, f"oci:{layout}:{tag}"], check=True, capture_output=True, text=True
    )
    return result.stdout
