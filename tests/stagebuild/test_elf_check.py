"""The ELF loader check on image root filesystems made from this machine's real binaries.

The "musl image" is Debian's busybox-static plus the files of Debian's ``musl`` package, the
"glibc image" holds the host's ``/bin/true``, ``/bin/ls`` and their libraries in Debian's layout
(``/lib`` a link to ``usr/lib``, ``/lib64/ld-linux-x86-64.so.2`` an absolute link into it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from stagebuild.inspect.elf import (
    ImageChecker,
    Status,
    check_entrypoint,
    check_executable,
    explain_exec_failure,
)
from stagebuild.inspect.loader import Libc, ld_so_conf_dirs
from stagebuild.inspect.rootfs import resolve_in_root
from tests.conftest import GOCACHE

BUSYBOX = Path("/bin/busybox")
GLIBC_LOADER = "/lib64/ld-linux-x86-64.so.2"
MULTIARCH = "/usr/lib/x86_64-linux-gnu"

pytestmark = [
    pytest.mark.skipif(not BUSYBOX.exists(), reason="needs Debian's busybox-static"),
    pytest.mark.skipif(not Path(GLIBC_LOADER).exists(), reason="needs an x86-64 glibc host"),
]


def _put(root: Path, image_path: str, source: Path, mode: int | None = None) -> Path:
    target = root / image_path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    os.chmod(target, mode if mode is not None else os.stat(source).st_mode & 0o7777)
    return target


def _link(root: Path, image_path: str, target: str) -> None:
    link = root / image_path.lstrip("/")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)


def _musl_package_files() -> list[str]:
    listing = subprocess.run(["dpkg", "-L", "musl"], capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        pytest.skip("needs Debian's musl package")
    return [line for line in listing.stdout.splitlines() if line.startswith(("/lib", "/etc"))]


@pytest.fixture
def musl_root(tmp_path: Path) -> Path:
    root = tmp_path / "musl"
    _put(root, "/bin/busybox", BUSYBOX)
    _link(root, "/bin/sh", "busybox")
    for path in _musl_package_files():
        source = Path(path)
        target = root / path.lstrip("/")
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif source.is_symlink():
            _link(root, path, os.readlink(source))
        else:
            _put(root, path, source)
    return root


def _glibc_libraries(binary: str) -> list[str]:
    """The resolved paths ldd prints for a host binary (without the loader)."""
    output = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    return [line.split("=>")[1].split()[0] for line in output.splitlines() if "=>" in line]


@pytest.fixture
def glibc_root(tmp_path: Path) -> Path:
    root = tmp_path / "glibc"
    (root / "usr/lib").mkdir(parents=True)
    _link(root, "/lib", "usr/lib")
    _link(root, GLIBC_LOADER, "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
    _put(root, f"{MULTIARCH}/ld-linux-x86-64.so.2", Path(GLIBC_LOADER).resolve())
    for binary in ("/bin/true", "/bin/ls"):
        _put(root, f"/usr{binary}", Path(binary))
        for library in _glibc_libraries(binary):
            _put(root, f"{MULTIARCH}/{Path(library).name}", Path(library).resolve())
    _link(root, "/bin", "usr/bin")
    return root


def test_static_busybox_starts_anywhere(musl_root: Path) -> None:
    report = check_executable(musl_root, "/bin/sh")
    assert report.status is Status.STATIC
    assert report.resolved == "/bin/busybox"
    assert report.ok and report.fix() is None
    assert explain_exec_failure(musl_root, "/bin/sh") is None


def test_glibc_binary_in_musl_image_misses_its_loader(musl_root: Path) -> None:
    _put(musl_root, "/root/myhttpserver", Path("/bin/true"))
    report = check_executable(musl_root, "/root/myhttpserver")
    assert report.status is Status.MISSING_LOADER
    assert not report.ok
    assert report.libc is Libc.GLIBC
    assert report.image_libcs == (Libc.MUSL,)
    assert report.interpreter == GLIBC_LOADER and report.interpreter_resolved is None
    line = explain_exec_failure(musl_root, "/root/myhttpserver")
    assert line is not None and "\n" not in line
    assert "no such file or directory" in line
    assert "CGO_ENABLED=0" in line and "musl" in line and GLIBC_LOADER in line


def test_absolute_link_is_resolved_inside_the_image_not_on_the_host(musl_root: Path) -> None:
    # The host has /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2; the image does not.
    _link(musl_root, GLIBC_LOADER, "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
    _put(musl_root, "/app", Path("/bin/true"))
    assert check_executable(musl_root, "/app").status is Status.MISSING_LOADER


def test_same_binary_in_glibc_layout_is_ok(glibc_root: Path) -> None:
    report = check_executable(glibc_root, "/bin/true")
    assert report.status is Status.DYNAMIC, report.explanation()
    assert report.resolved == "/usr/bin/true"
    assert report.interpreter_resolved == f"{MULTIARCH}/ld-linux-x86-64.so.2"
    assert report.needed == ("libc.so.6",)
    assert [lib.path for lib in report.libraries] == [f"{MULTIARCH}/libc.so.6"]
    assert report.image_libcs == (Libc.GLIBC,)


def test_symlink_chain_with_absolute_targets(glibc_root: Path) -> None:
    _link(glibc_root, "/usr/local/bin/first", "/opt/second")
    _link(glibc_root, "/opt/second", "/bin/../bin/third")
    _link(glibc_root, "/bin/third", "/../../bin/true")
    assert resolve_in_root(glibc_root, "/usr/local/bin/first") == "/usr/bin/true"
    assert check_executable(glibc_root, "/usr/local/bin/first").status is Status.DYNAMIC
    _link(glibc_root, "/loop/a", "/loop/b")
    _link(glibc_root, "/loop/b", "a")
    assert resolve_in_root(glibc_root, "/loop/a") is None
    assert check_executable(glibc_root, "/loop/a").status is Status.NOT_FOUND


def test_transitive_library_missing_is_named_with_who_needs_it(glibc_root: Path) -> None:
    assert check_executable(glibc_root, "/bin/ls").status is Status.DYNAMIC
    pcre = next((glibc_root / MULTIARCH.lstrip("/")).glob("libpcre2-8.so*"))
    pcre.unlink()
    report = check_executable(glibc_root, "/bin/ls")
    assert report.status is Status.MISSING_LIBRARIES
    assert report.missing_libraries == (pcre.name,)
    missing = next(lib for lib in report.libraries if lib.path is None)
    assert missing.needed_by.endswith("/libselinux.so.1")
    assert pcre.name in report.explanation() and "error while loading shared libraries" in report.summary()


def test_ld_so_conf_include_adds_directories(glibc_root: Path) -> None:
    libc = glibc_root / MULTIARCH.lstrip("/") / "libc.so.6"
    (glibc_root / "opt/glibc/lib").mkdir(parents=True)
    libc.rename(glibc_root / "opt/glibc/lib/libc.so.6")
    assert check_executable(glibc_root, "/bin/true").missing_libraries == ("libc.so.6",)

    (glibc_root / "etc/ld.so.conf.d").mkdir(parents=True)
    (glibc_root / "etc/ld.so.conf").write_text("include ld.so.conf.d/*.conf\n")
    (glibc_root / "etc/ld.so.conf.d/zz-opt.conf").write_text("# glibc moved\n/opt/glibc/lib\n")
    (glibc_root / "etc/ld.so.conf.d/.hidden.conf").write_text("/nowhere\n")
    assert ld_so_conf_dirs(glibc_root) == ["/opt/glibc/lib"]
    report = check_executable(glibc_root, "/bin/true")
    assert report.status is Status.DYNAMIC
    assert report.libraries[0].path == "/opt/glibc/lib/libc.so.6"


def test_runpath_with_origin_and_ld_library_path(glibc_root: Path) -> None:
    libc = glibc_root / MULTIARCH.lstrip("/") / "libc.so.6"
    (glibc_root / "app/lib").mkdir(parents=True)
    libc.rename(glibc_root / "app/lib/libc.so.6")
    assert check_executable(glibc_root, "/bin/true", env={"LD_LIBRARY_PATH": "/app/lib"}).ok
    assert not check_executable(glibc_root, "/bin/true").ok


def _with_musl_interpreter(binary: Path, target: Path) -> None:
    """Copy a glibc binary and point its PT_INTERP at musl's loader (same length or shorter)."""
    data = binary.read_bytes()
    old, new = GLIBC_LOADER.encode(), b"/lib/ld-musl-x86_64.so.1"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data.replace(old, new.ljust(len(old), b"\0"), 1))
    target.chmod(0o755)


def test_musl_loader_provides_libc_itself_and_reads_its_path_file(musl_root: Path, glibc_root: Path) -> None:
    _with_musl_interpreter(Path("/bin/true"), musl_root / "app")
    report = check_executable(musl_root, "/app")
    assert report.status is Status.DYNAMIC and report.libc is Libc.MUSL
    assert report.libraries[0].path == "/lib/x86_64-linux-musl/libc.so"
    assert report.searched == ("/lib/x86_64-linux-musl", "/usr/lib/x86_64-linux-musl")

    _with_musl_interpreter(Path("/bin/true"), glibc_root / "app")
    wrong_way = check_executable(glibc_root, "/app")
    assert wrong_way.status is Status.MISSING_LOADER
    assert "musl" in wrong_way.summary() and "a glibc image" in wrong_way.summary()


def test_scripts_need_their_interpreter(musl_root: Path) -> None:
    good = musl_root / "entry.sh"
    good.write_text("#!/bin/sh -e\necho hi\n")
    good.chmod(0o755)
    assert check_executable(musl_root, "/entry.sh").status is Status.SCRIPT

    bash = musl_root / "bash.sh"
    bash.write_text("#!/bin/bash\necho hi\n")
    bash.chmod(0o755)
    report = check_executable(musl_root, "/bash.sh")
    assert report.status is Status.MISSING_INTERPRETER and not report.ok
    assert "/bin/bash" in report.explanation()

    _link(musl_root, "/usr/bin/env", "/bin/busybox")
    through_env = musl_root / "env.py"
    through_env.write_text("#!/usr/bin/env python3\nprint('hi')\n")
    through_env.chmod(0o755)
    env_report = check_executable(musl_root, "/env.py")
    assert env_report.status is Status.MISSING_INTERPRETER
    assert "python3 (through /usr/bin/env)" in env_report.summary()
    _link(musl_root, "/bin/python3", "busybox")
    assert check_executable(musl_root, "/env.py").ok
    looping = musl_root / "bin/loop"
    looping.write_text("#!/usr/bin/env loop\n")
    looping.chmod(0o755)
    assert not check_executable(musl_root, "/bin/loop").ok

    _put(musl_root, "/usr/bin/glibc-tool", Path("/bin/true"))
    nested = musl_root / "nested.sh"
    nested.write_text("#!/usr/bin/glibc-tool\n")
    nested.chmod(0o755)
    nested_report = check_executable(musl_root, "/nested.sh")
    assert not nested_report.ok
    assert "CGO_ENABLED=0" in nested_report.explanation()


def test_not_executable_and_unknown_format(musl_root: Path) -> None:
    data = musl_root / "data.txt"
    data.write_text("hello\n")
    assert check_executable(musl_root, "/data.txt").status is Status.NOT_EXECUTABLE
    data.chmod(0o755)
    assert check_executable(musl_root, "/data.txt").status is Status.UNKNOWN_FORMAT
    assert check_executable(musl_root, "/etc").status is Status.NOT_EXECUTABLE
    assert "does not exist" in (explain_exec_failure(musl_root, "/nope") or "")


def test_entrypoint_from_image_config(glibc_root: Path, musl_root: Path) -> None:
    config = {"config": {"Env": ["PATH=/usr/local/bin:/bin"], "Cmd": ["true", "--version"]}}
    report = check_entrypoint(glibc_root, config)
    assert report is not None and report.resolved == "/usr/bin/true" and report.ok

    shell_form = {"config": {"Entrypoint": ["/bin/sh", "-c", "exec /app"]}}
    shell_report = check_entrypoint(musl_root, shell_form)
    assert shell_report is not None and shell_report.resolved == "/bin/busybox"

    _put(musl_root, "/srv/app", Path("/bin/true"))
    relative = {"config": {"WorkingDir": "/srv", "Entrypoint": ["./app"]}}
    relative_report = check_entrypoint(musl_root, relative)
    assert relative_report is not None and relative_report.status is Status.MISSING_LOADER

    absent = check_entrypoint(musl_root, {"config": {"Cmd": ["bash"]}})
    assert absent is not None and absent.status is Status.NOT_FOUND and "PATH" in absent.summary()
    assert check_entrypoint(musl_root, {"config": {}}) is None


def test_every_executable_with_all(glibc_root: Path) -> None:
    checker = ImageChecker(glibc_root)
    executables = list(checker.executables())
    assert "/usr/bin/true" in executables and "/usr/bin/ls" in executables
    reports = [checker.check(path) for path in executables]
    assert all(report.ok for report in reports), [r.explanation() for r in reports if not r.ok]
    json.dumps([report.to_json() for report in reports])


def test_binary_for_another_machine_is_reported(musl_root: Path) -> None:
    arm = bytearray(BUSYBOX.read_bytes())
    arm[18:20] = (183).to_bytes(2, "little")  # e_machine = EM_AARCH64
    target = musl_root / "bin/arm-tool"
    target.write_bytes(bytes(arm))
    target.chmod(0o755)
    config = {"architecture": "amd64", "config": {"Entrypoint": ["/bin/arm-tool"]}}
    report = check_entrypoint(musl_root, config)
    assert report is not None and report.status is Status.WRONG_ARCHITECTURE
    assert "exec format error" in report.summary() and "GOARCH=amd64" in report.explanation()
    native = check_entrypoint(musl_root, {"architecture": "amd64", "config": {"Cmd": ["/bin/sh"]}})
    assert native is not None and native.status is Status.STATIC


def test_dot_dot_after_a_symlink_climbs_from_its_target(glibc_root: Path) -> None:
    _link(glibc_root, "/opt/tools", "/usr/bin")
    # Lexically /opt/tools/../bin/true is /opt/bin/true, which does not exist; through the link it
    # is /usr/bin/../bin/true.
    assert resolve_in_root(glibc_root, "/opt/tools/../bin/true") == "/usr/bin/true"
    assert check_executable(glibc_root, "/opt/tools/../bin/true").status is Status.DYNAMIC


GO = Path("/usr/lib/go-1.19/bin/go")
HTTP_CLIENT = """package main

import (
	"fmt"
	"net"
)

func main() {
	addrs, err := net.LookupHost("localhost")
	fmt.Println(addrs, err)
}
"""


@pytest.mark.slow
@pytest.mark.skipif(not GO.exists(), reason="needs Debian's golang-go")
def test_go_program_with_and_without_cgo_in_a_musl_image(musl_root: Path, tmp_path: Path) -> None:
    source = tmp_path / "main.go"
    source.write_text(HTTP_CLIENT)
    for cgo in ("1", "0"):
        env = {**os.environ, "CGO_ENABLED": cgo, "GOCACHE": str(GOCACHE)}
        output = musl_root / f"root/app-cgo{cgo}"
        output.parent.mkdir(exist_ok=True)
        subprocess.run(
            [str(GO), "build", "-o", str(output), str(source)], env=env, check=True, capture_output=True
        )

    with_cgo = check_executable(musl_root, "/root/app-cgo1")
    assert with_cgo.status is Status.MISSING_LOADER
    assert "libc.so.6" in with_cgo.needed and with_cgo.libc is Libc.GLIBC
    static = check_executable(musl_root, "/root/app-cgo0")
    assert static.status is Status.STATIC and static.ok
