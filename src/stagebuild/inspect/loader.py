"""Where glibc's and musl's dynamic loaders look for libraries, read from an image's own files.

glibc's ``ld.so`` searches, for a library an object needs: the object's ``DT_RPATH`` (only when it
has no ``DT_RUNPATH``) and the executable's, ``LD_LIBRARY_PATH``, the object's ``DT_RUNPATH``, the
directories listed in ``/etc/ld.so.conf`` (with its ``include`` globs; this is what ``ldconfig``
puts into ``ld.so.cache``, which we do not parse because its binary format changes between
releases and a stale cache is rare in images), then its built-in directories: Debian's multiarch
``/lib/<triplet>`` and ``/usr/lib/<triplet>``, ``/lib``, ``/usr/lib``, and upstream's ``/lib64``,
``/usr/lib64`` for 64-bit objects.

musl's loader searches ``LD_LIBRARY_PATH``, the rpath/runpath of the requesting object and of the
executable, then the list in ``/etc/ld-musl-<arch>.path`` (colon- or newline-separated) or, when
that file is absent, ``/lib:/usr/local/lib:/usr/lib``. It never loads another copy of itself:
``libc.*``, ``libpthread.*``, ``libm.*``, ``libdl.*``, ``librt.*``, ``libutil.*`` and
``libxnet.*`` are all answered by the loader, which is musl's libc.
"""

from __future__ import annotations

import posixpath
import re
from enum import StrEnum
from pathlib import Path

from stagebuild.inspect.rootfs import glob_in_root, host_path, resolve_in_root


class Libc(StrEnum):
    """The C library an executable needs or an image provides."""

    GLIBC = "glibc"
    MUSL = "musl"


OCI_MACHINES = {
    "amd64": "EM_X86_64",
    "386": "EM_386",
    "arm64": "EM_AARCH64",
    "arm": "EM_ARM",
    "ppc64le": "EM_PPC64",
    "s390x": "EM_S390",
    "riscv64": "EM_RISCV",
}
"""The ELF machine of each OCI/Go architecture name."""

GLIBC_TRIPLETS = {
    "EM_X86_64": "x86_64-linux-gnu",
    "EM_386": "i386-linux-gnu",
    "EM_AARCH64": "aarch64-linux-gnu",
    "EM_ARM": "arm-linux-gnueabihf",
    "EM_PPC64": "powerpc64le-linux-gnu",
    "EM_S390": "s390x-linux-gnu",
    "EM_RISCV": "riscv64-linux-gnu",
}
"""Debian's multiarch directory name per ELF machine; the loader's built-in library directory."""

GLIBC_LOADERS = {
    "EM_X86_64": "/lib64/ld-linux-x86-64.so.2",
    "EM_386": "/lib/ld-linux.so.2",
    "EM_AARCH64": "/lib/ld-linux-aarch64.so.1",
    "EM_ARM": "/lib/ld-linux-armhf.so.3",
    "EM_PPC64": "/lib64/ld64.so.2",
    "EM_S390": "/lib/ld64.so.1",
    "EM_RISCV": "/lib/ld-linux-riscv64-lp64d.so.1",
}
"""The PT_INTERP glibc's toolchains write per machine, named in advice about a missing loader."""

MUSL_ARCHES = {
    "EM_X86_64": "x86_64",
    "EM_386": "i386",
    "EM_AARCH64": "aarch64",
    "EM_ARM": "armhf",
    "EM_PPC64": "powerpc64le",
    "EM_S390": "s390x",
    "EM_RISCV": "riscv64",
}

MUSL_DEFAULT_PATH = ("/lib", "/usr/local/lib", "/usr/lib")
_MUSL_SELF = re.compile(r"^lib(c|pthread|rt|m|dl|util|xnet)\.")
_MUSL_INTERP = re.compile(r"^ld-musl-(?P<arch>[^.]+)\.so\.1$")
_GLIBC_INTERP = re.compile(r"^(ld-linux[-\w]*\.so\.\d+|ld64\.so\.\d+|ld\.so\.1)$")
_MAX_CONF_INCLUDES = 64

_IMAGE_LOADER_GLOBS = {
    Libc.MUSL: ("/lib/ld-musl-*.so.1",),
    Libc.GLIBC: (
        "/lib*/ld-linux*.so.*",
        "/lib*/ld64.so.*",
        "/lib/*-linux-gnu*/ld-linux*.so.*",
        "/usr/lib*/ld-linux*.so.*",
        "/usr/lib/*-linux-gnu*/ld-linux*.so.*",
    ),
}


def libc_of_interpreter(interpreter: str) -> Libc | None:
    """Which C library a PT_INTERP path belongs to, by the loader's well-known file name."""
    name = posixpath.basename(interpreter)
    if _MUSL_INTERP.match(name):
        return Libc.MUSL
    if _GLIBC_INTERP.match(name):
        return Libc.GLIBC
    return None


def image_loaders(root: Path) -> dict[Libc, tuple[str, ...]]:
    """The dynamic loaders present in the image, by C library (an empty dict: no loader at all)."""
    found: dict[Libc, tuple[str, ...]] = {}
    for libc, patterns in _IMAGE_LOADER_GLOBS.items():
        paths = tuple(sorted({path for pattern in patterns for path in glob_in_root(root, pattern)}))
        if paths:
            found[libc] = paths
    return found


def musl_provides(name: str) -> bool:
    """True when musl's loader answers a DT_NEEDED name itself instead of opening a file."""
    return bool(_MUSL_SELF.match(name))


def glibc_system_dirs(root: Path, machine: str, elf_class: int) -> list[str]:
    """ld.so.conf's directories followed by glibc's built-in ones, without duplicates."""
    builtin = []
    triplet = GLIBC_TRIPLETS.get(machine)
    if triplet:
        builtin += [f"/lib/{triplet}", f"/usr/lib/{triplet}"]
    builtin += ["/lib", "/usr/lib"]
    if elf_class == 64:
        builtin += ["/lib64", "/usr/lib64"]
    return list(dict.fromkeys(ld_so_conf_dirs(root) + builtin))


def musl_system_dirs(root: Path, interpreter: str, machine: str) -> list[str]:
    """The directories in musl's ``/etc/ld-musl-<arch>.path``, or musl's defaults without it."""
    match = _MUSL_INTERP.match(posixpath.basename(interpreter))
    arch = match.group("arch") if match else MUSL_ARCHES.get(machine)
    if arch is None:
        return list(MUSL_DEFAULT_PATH)
    text = _read_image_text(root, f"/etc/ld-musl-{arch}.path")
    if text is None:
        return list(MUSL_DEFAULT_PATH)
    return [entry for entry in re.split(r"[:\n]", text) if entry.strip()]


def ld_so_conf_dirs(root: Path, conf: str = "/etc/ld.so.conf") -> list[str]:
    """Directories listed in the image's ld.so.conf, following ``include`` globs in order."""
    dirs: list[str] = []
    seen: set[str] = set()
    _read_ld_so_conf(root, conf, dirs, seen)
    return list(dict.fromkeys(dirs))


def _read_ld_so_conf(root: Path, conf: str, dirs: list[str], seen: set[str]) -> None:
    if conf in seen or len(seen) >= _MAX_CONF_INCLUDES:
        return
    seen.add(conf)
    text = _read_image_text(root, conf)
    if text is None:
        return
    for raw_line in text.splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "include":
            for pattern in rest.split():
                absolute = posixpath.join(posixpath.dirname(conf), pattern)
                for included in glob_in_root(root, absolute):
                    _read_ld_so_conf(root, included, dirs, seen)
        elif keyword == "hwcap":
            continue
        else:
            # ldconfig accepts several directories on a line, separated by blanks, commas or colons.
            dirs.extend(entry for entry in re.split(r"[\s,:]+", line) if entry.startswith("/"))


def _read_image_text(root: Path, image_path: str) -> str | None:
    resolved = resolve_in_root(root, image_path)
    if resolved is None or not host_path(root, resolved).is_file():  # a FIFO would block the read
        return None
    try:
        return host_path(root, resolved).read_text(encoding="utf-8", errors="replace")
    except PermissionError:
        return None
