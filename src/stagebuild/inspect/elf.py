"""The ELF loader check: can this executable start inside this image?

When a container starts, the kernel's ``execve`` reads the executable's ELF program headers. A
statically linked binary runs as it is. A dynamically linked one names its loader in
``PT_INTERP`` (glibc's ``/lib64/ld-linux-x86-64.so.2``, musl's ``/lib/ld-musl-x86_64.so.1``) and
the kernel opens that path *inside the container*; when it is missing, ``execve`` fails with
ENOENT and the user reads "no such file or directory" about a file that is plainly there. That is
the glibc-built Go server copied into a musl (Alpine) image. When the loader is present it then
looks up every ``DT_NEEDED`` library, and a missing one stops the program with "error while
loading shared libraries". A ``#!`` script needs its interpreter in the same way.

This module answers the question before anything runs: it reads the ELF with pyelftools,
resolves the loader and the libraries (transitively) inside the unpacked image root with each
loader's own search rules (:mod:`stagebuild.inspect.loader`, symlinks followed inside the root by
:mod:`stagebuild.inspect.rootfs`) and returns an :class:`ElfReport` whose one-line explanation
names the cause and the fix.

    >>> report = check_executable(Path("rootfs"), "/root/myhttpserver")
    >>> report.status, report.ok
    (<Status.MISSING_LOADER: 'missing-loader'>, False)
    >>> explain_exec_failure(Path("rootfs"), "/root/myhttpserver")
    '/root/myhttpserver is linked against glibc, but its loader ... Fix: build a static binary ...'
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from stagebuild.inspect.elfread import ELF_MAGIC, ElfInfo, read_elf
from stagebuild.inspect.loader import (
    GLIBC_LOADERS,
    OCI_MACHINES,
    Libc,
    glibc_system_dirs,
    image_loaders,
    libc_of_interpreter,
    musl_provides,
    musl_system_dirs,
)
from stagebuild.inspect.rootfs import host_path, resolve_in_root

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""The PATH a container gets when its image sets none (Docker's and runc's default)."""

_MAX_SCRIPT_DEPTH = 4  # Linux follows at most this many nested #! interpreters


class Status(StrEnum):
    """What :func:`check_executable` found; the first three mean the program can start."""

    STATIC = "static"
    DYNAMIC = "dynamic"
    SCRIPT = "script"
    NOT_FOUND = "not-found"
    NOT_EXECUTABLE = "not-executable"
    UNKNOWN_FORMAT = "unknown-format"
    MISSING_LOADER = "missing-loader"
    MISSING_LIBRARIES = "missing-libraries"
    MISSING_INTERPRETER = "missing-interpreter"
    WRONG_ARCHITECTURE = "wrong-architecture"


_STARTS = frozenset({Status.STATIC, Status.DYNAMIC, Status.SCRIPT})


@dataclass(frozen=True)
class Library:
    """One DT_NEEDED entry and where the loader would find it in the image (None: nowhere)."""

    name: str
    needed_by: str
    path: str | None


@dataclass(frozen=True)
class ElfReport:
    """The outcome of checking one executable of an image; ``ok`` means it can start."""

    path: str
    """The path as asked (a bare command name when it was looked up in PATH)."""
    status: Status
    resolved: str | None = None
    """The symlink-free path inside the image, when the file exists."""
    machine: str | None = None
    libc: Libc | None = None
    """The C library a dynamic executable was linked against; None for static ones and scripts."""
    image_libcs: tuple[Libc, ...] = ()
    """The C libraries whose loader the image contains."""
    interpreter: str | None = None
    """PT_INTERP of an ELF, or the interpreter on a script's ``#!`` line."""
    interpreter_resolved: str | None = None
    needed: tuple[str, ...] = ()
    runpath: tuple[str, ...] = ()
    """DT_RUNPATH, or DT_RPATH when there is no DT_RUNPATH."""
    libraries: tuple[Library, ...] = ()
    """Every library the loader would open, transitively, in load order."""
    searched: tuple[str, ...] = ()
    """The loader's system directories in this image, for messages about missing libraries."""
    interpreter_report: ElfReport | None = field(default=None, compare=False)
    """For a script: the check of its interpreter, which must itself be able to start."""
    mode: int | None = None
    architecture: str | None = None
    """The image's architecture, set when the executable was built for another one."""

    @property
    def ok(self) -> bool:
        nested = self.interpreter_report
        return self.status in _STARTS and (nested is None or nested.ok)

    @property
    def missing_libraries(self) -> tuple[str, ...]:
        return tuple(library.name for library in self.libraries if library.path is None)

    def summary(self) -> str:
        """What the executable is and, when it cannot start, how the start fails."""
        return _SUMMARIES[self.status](self)

    def fix(self) -> str | None:
        """One sentence saying what to change, or None when the executable can start."""
        if self.interpreter_report is not None and not self.interpreter_report.ok:
            return self.interpreter_report.fix()
        fix = _FIXES.get(self.status)
        return fix(self) if fix else None

    def explanation(self) -> str:
        """``summary`` and ``fix`` on one line."""
        fix = self.fix()
        return f"{self.summary()}. Fix: {fix}" if fix else self.summary()

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": str(self.status),
            "ok": self.ok,
            "resolved": self.resolved,
            "machine": self.machine,
            "architecture": self.architecture,
            "libc": self.libc and str(self.libc),
            "image_libcs": [str(libc) for libc in self.image_libcs],
            "interpreter": self.interpreter,
            "interpreter_resolved": self.interpreter_resolved,
            "needed": list(self.needed),
            "runpath": list(self.runpath),
            "libraries": [
                {"name": lib.name, "needed_by": lib.needed_by, "path": lib.path} for lib in self.libraries
            ],
            "missing_libraries": list(self.missing_libraries),
            "interpreter_report": self.interpreter_report and self.interpreter_report.to_json(),
            "summary": self.summary(),
            "fix": self.fix(),
        }


class ImageChecker:
    """Checks executables of one unpacked image, caching what several checks share.

    ``env`` is the image's environment (``LD_LIBRARY_PATH`` joins the search; ``PATH`` finds
    bare command names); ``architecture`` the image's platform architecture (``amd64``), when
    known, so a binary for another machine is reported.
    """

    def __init__(
        self, root: Path, env: Mapping[str, str] | None = None, *, architecture: str | None = None
    ) -> None:
        self.root = root
        self.env = dict(env or {})
        self.architecture = architecture
        self._loaders: dict[Libc, tuple[str, ...]] | None = None
        self._elf_infos: dict[str, ElfInfo | None] = {}
        self._lookups: dict[tuple[str, tuple[str, ...], str, int], str | None] = {}
        self._system_dirs_cache: dict[tuple[Libc | None, str | None, str, int], list[str]] = {}

    @property
    def loaders(self) -> dict[Libc, tuple[str, ...]]:
        if self._loaders is None:
            self._loaders = image_loaders(self.root)
        return self._loaders

    def check(self, path: str) -> ElfReport:
        """Check the file at an absolute image path (or relative to the image root)."""
        return self._check(path, depth=0)

    def check_command(self, argv0: str, workdir: str = "/") -> ElfReport:
        """Check what ``exec`` runs for ``argv0``: a path, or a bare name looked up in PATH."""
        return self._check_command(argv0, workdir, depth=0)

    def _check_command(self, argv0: str, workdir: str, depth: int) -> ElfReport:
        if "/" in argv0:
            return self._check(posixpath.join(workdir, argv0), depth)
        search_path = self.env.get("PATH", DEFAULT_PATH)
        for directory in search_path.split(":"):
            candidate = posixpath.join(directory or workdir, argv0)
            resolved = resolve_in_root(self.root, candidate)
            if resolved is not None and _is_executable_file(host_path(self.root, resolved)):
                return self._check(candidate, depth)
        return ElfReport(path=argv0, status=Status.NOT_FOUND, searched=tuple(search_path.split(":")))

    def executables(self) -> Iterator[str]:
        """Image paths of every ELF executable (not shared libraries) with an execute bit, sorted."""
        for directory, subdirs, files in os.walk(self.root):
            subdirs.sort()
            for name in sorted(files):
                host_file = Path(directory, name)
                image_path = "/" + host_file.relative_to(self.root).as_posix()
                if not _is_executable_file(host_file, follow=False):
                    continue
                info = self._elf_info(image_path)
                if info is not None and not info.is_shared_object:
                    yield image_path

    def _check(self, path: str, depth: int) -> ElfReport:
        # No normpath: ".." after a symlink must climb from the link's target, as the kernel does.
        image_path = posixpath.join("/", path)
        resolved = resolve_in_root(self.root, image_path)
        if resolved is None:
            return ElfReport(path=path, status=Status.NOT_FOUND)
        host_file = host_path(self.root, resolved)
        mode = os.stat(host_file).st_mode
        if not _is_executable_file(host_file):
            return ElfReport(path=path, status=Status.NOT_EXECUTABLE, resolved=resolved, mode=mode)
        with open(host_file, "rb") as handle:
            head = handle.read(256)
        if head.startswith(b"#!"):
            return self._check_script(path, resolved, head, depth)
        info = self._elf_info(resolved) if head.startswith(ELF_MAGIC) else None
        if info is None:
            return ElfReport(path=path, status=Status.UNKNOWN_FORMAT, resolved=resolved, mode=mode)
        return self._check_elf(path, resolved, info)

    def _check_script(self, path: str, resolved: str, head: bytes, depth: int) -> ElfReport:
        line = head[2:].split(b"\n", 1)[0].decode("utf-8", errors="replace").strip()
        interpreter = line.split(maxsplit=1)[0] if line else ""
        if not interpreter or depth >= _MAX_SCRIPT_DEPTH:
            return ElfReport(
                path=path, status=Status.UNKNOWN_FORMAT, resolved=resolved, interpreter=interpreter
            )
        nested = self._check(interpreter, depth + 1)
        if nested.ok and posixpath.basename(interpreter) == "env":
            # "#!/usr/bin/env python3": env exists, but what matters is python3 in the image's PATH.
            words = line.split()[1:]
            command = next((word for word in words if not word.startswith("-") and "=" not in word), None)
            if command is not None:
                interpreter = f"{command} (through {interpreter})"
                nested = self._check_command(command, "/", depth + 1)
        if nested.status is Status.NOT_FOUND:
            return ElfReport(
                path=path, status=Status.MISSING_INTERPRETER, resolved=resolved, interpreter=interpreter
            )
        return ElfReport(
            path=path,
            status=Status.SCRIPT,
            resolved=resolved,
            interpreter=interpreter,
            interpreter_resolved=nested.resolved,
            interpreter_report=nested,
        )

    def _check_elf(self, path: str, resolved: str, info: ElfInfo) -> ElfReport:
        image_libcs = tuple(self.loaders)
        expected = OCI_MACHINES.get(self.architecture or "")
        if expected is not None and info.machine != expected:
            return ElfReport(
                path=path,
                status=Status.WRONG_ARCHITECTURE,
                resolved=resolved,
                machine=info.machine,
                image_libcs=image_libcs,
                architecture=self.architecture,
            )
        if info.interpreter is None:
            return ElfReport(
                path=path,
                status=Status.STATIC,
                resolved=resolved,
                machine=info.machine,
                image_libcs=image_libcs,
            )
        libc = libc_of_interpreter(info.interpreter) or _libc_of_needed(info.needed)
        interpreter_resolved = resolve_in_root(self.root, info.interpreter)
        searched = self._system_dirs(info, libc)
        libraries = self._resolve_libraries(resolved, info, libc, interpreter_resolved, searched)
        if interpreter_resolved is None:
            status = Status.MISSING_LOADER
        elif any(library.path is None for library in libraries):
            status = Status.MISSING_LIBRARIES
        else:
            status = Status.DYNAMIC
        return ElfReport(
            path=path,
            status=status,
            resolved=resolved,
            machine=info.machine,
            libc=libc,
            image_libcs=image_libcs,
            interpreter=info.interpreter,
            interpreter_resolved=interpreter_resolved,
            needed=info.needed,
            runpath=info.runpath or info.rpath,
            libraries=libraries,
            searched=tuple(searched),
        )

    def _system_dirs(self, info: ElfInfo, libc: Libc | None) -> list[str]:
        key = (libc, info.interpreter, info.machine, info.elf_class)
        if key not in self._system_dirs_cache:
            if libc is Libc.MUSL:
                dirs = musl_system_dirs(self.root, info.interpreter or "", info.machine)
            else:
                dirs = glibc_system_dirs(self.root, info.machine, info.elf_class)
            self._system_dirs_cache[key] = dirs
        return self._system_dirs_cache[key]

    def _resolve_libraries(
        self,
        exe_path: str,
        exe: ElfInfo,
        libc: Libc | None,
        loader_path: str | None,
        system_dirs: Sequence[str],
    ) -> tuple[Library, ...]:
        """Breadth-first over DT_NEEDED, as both loaders load: a name is opened once."""
        ld_library_path = [entry for entry in self.env.get("LD_LIBRARY_PATH", "").split(":") if entry]
        exe_rpath = () if exe.runpath else exe.rpath
        # The loader is loaded before anything else, so a library naming it (libc.so.6 needs
        # ld-linux-x86-64.so.2) is already satisfied.
        loaded: dict[str, str | None] = {}
        if exe.interpreter and loader_path:
            loaded[posixpath.basename(exe.interpreter)] = loader_path
            loader = self._elf_info(loader_path)
            if loader is not None and loader.soname:
                loaded[loader.soname] = loader_path
        libraries: list[Library] = []
        queue: deque[tuple[str, ElfInfo]] = deque([(exe_path, exe)])
        while queue:
            object_path, info = queue.popleft()
            origin = posixpath.dirname(object_path)
            if libc is Libc.MUSL:
                own = [*info.runpath, *info.rpath, *exe.runpath, *exe.rpath]
                search = [*ld_library_path, *_expand(own, origin), *system_dirs]
            else:
                rpath = [] if info.runpath else [*info.rpath, *exe_rpath]
                search = [*_expand(rpath, origin), *ld_library_path, *_expand(info.runpath, origin)]
                search += list(system_dirs)
            for name in info.needed:
                if name in loaded:
                    continue
                if libc is Libc.MUSL and musl_provides(name):
                    found = loader_path
                else:
                    found = self._find_library(name, search, exe)
                loaded[name] = found
                libraries.append(Library(name=name, needed_by=object_path, path=found))
                library = self._elf_info(found) if found and found != loader_path else None
                if library is not None:
                    if library.soname:
                        loaded.setdefault(library.soname, found)
                    queue.append((found, library))  # type: ignore[arg-type]
        return tuple(libraries)

    def _find_library(self, name: str, search: Sequence[str], exe: ElfInfo) -> str | None:
        key = (name, tuple(search), exe.machine, exe.elf_class)
        if key not in self._lookups:
            self._lookups[key] = self._search_library(name, search, exe)
        return self._lookups[key]

    def _search_library(self, name: str, search: Sequence[str], exe: ElfInfo) -> str | None:
        candidates = [name] if "/" in name else [posixpath.join(d, name) for d in search]
        for candidate in candidates:
            resolved = resolve_in_root(self.root, candidate)
            if resolved is None or not host_path(self.root, resolved).is_file():
                continue
            info = self._elf_info(resolved)
            # The loaders skip a file of another machine or class and keep searching.
            if info is not None and info.machine == exe.machine and info.elf_class == exe.elf_class:
                return resolved
        return None

    def _elf_info(self, resolved: str) -> ElfInfo | None:
        if resolved not in self._elf_infos:
            self._elf_infos[resolved] = read_elf(host_path(self.root, resolved))
        return self._elf_infos[resolved]


def check_executable(rootfs: Path, path: str, env: Mapping[str, str] | None = None) -> ElfReport:
    """Check whether the file at ``path`` inside the unpacked image ``rootfs`` can start."""
    return ImageChecker(rootfs, env).check(path)


def explain_exec_failure(
    rootfs: Path, path_in_image: str, *, env: Mapping[str, str] | None = None, workdir: str = "/"
) -> str | None:
    """One line saying why exec of ``path_in_image`` fails in this image and how to fix it.

    ``path_in_image`` may be a bare command name, looked up in ``env``'s PATH. None when the
    check finds nothing wrong (the failure has another cause).
    """
    report = ImageChecker(rootfs, env).check_command(path_in_image, workdir)
    return None if report.ok else report.explanation()


def entrypoint_argv(image_config: Mapping[str, Any]) -> list[str]:
    """The argv a container starts with: Entrypoint followed by Cmd, from an OCI image config."""
    config = image_config.get("config") or {}
    return [*(config.get("Entrypoint") or []), *(config.get("Cmd") or [])]


def image_env(image_config: Mapping[str, Any]) -> dict[str, str]:
    """The image config's Env as a dict."""
    config = image_config.get("config") or {}
    pairs = (entry.partition("=") for entry in config.get("Env") or [])
    return {key: value for key, _, value in pairs}


def check_entrypoint(rootfs: Path, image_config: Mapping[str, Any]) -> ElfReport | None:
    """Check the executable that starts a container of this image; None when it sets no command.

    A shell-form command is stored as ``["/bin/sh", "-c", …]``, so the shell is what is checked;
    a bare name is looked up in the image's PATH from the working directory.
    """
    argv = entrypoint_argv(image_config)
    if not argv:
        return None
    config = image_config.get("config") or {}
    checker = ImageChecker(rootfs, image_env(image_config), architecture=image_config.get("architecture"))
    return checker.check_command(argv[0], config.get("WorkingDir") or "/")


def _expand(paths: Sequence[str], origin: str) -> list[str]:
    """Substitute $ORIGIN (the requesting object's directory), as both loaders do; glibc's $LIB and
    $PLATFORM, rare in images, stay as written, so such a directory never matches."""
    return [path.replace("${ORIGIN}", origin).replace("$ORIGIN", origin) for path in paths]


def _libc_of_needed(needed: Sequence[str]) -> Libc | None:
    if "libc.so.6" in needed:
        return Libc.GLIBC
    if "libc.so" in needed:
        return Libc.MUSL
    return None


def _is_executable_file(host_file: Path, *, follow: bool = True) -> bool:
    try:
        mode = os.stat(host_file, follow_symlinks=follow).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and bool(mode & 0o111)


def _describe_image(report: ElfReport) -> str:
    if not report.image_libcs:
        return "an image without any dynamic loader"
    return "a " + " and ".join(str(libc) for libc in report.image_libcs) + " image"


def _summary_static(report: ElfReport) -> str:
    return f"{report.path} is a statically linked ELF executable; it needs no loader"


def _summary_dynamic(report: ElfReport) -> str:
    return (
        f"{report.path} is linked against {report.libc or 'an unknown libc'}; its loader "
        f"{report.interpreter} and {len(report.libraries)} libraries are in the image"
    )


def _summary_script(report: ElfReport) -> str:
    nested = report.interpreter_report
    if nested is not None and not nested.ok:
        while nested.interpreter_report is not None and not nested.interpreter_report.ok:
            nested = nested.interpreter_report
        return f"{report.path} is a script for {report.interpreter}, which cannot start: {nested.summary()}"
    return f"{report.path} is a script for {report.interpreter}, which is in the image"


def _summary_not_found(report: ElfReport) -> str:
    if report.searched:
        return f"{report.path} is not found in the image's PATH ({':'.join(report.searched)})"
    return f"{report.path} does not exist in the image"


def _summary_not_executable(report: ElfReport) -> str:
    if report.mode is not None and stat.S_ISDIR(report.mode):
        return f"{report.path} is a directory: exec fails with 'permission denied'"
    mode = f" (mode {stat.S_IMODE(report.mode):04o})" if report.mode is not None else ""
    return f"{report.path} is not an executable file{mode}: exec fails with 'permission denied'"


def _summary_unknown(report: ElfReport) -> str:
    if report.interpreter:
        return (
            f"{report.path}: #! interpreters nest more than {_MAX_SCRIPT_DEPTH} deep: exec fails with "
            f"'too many levels of symbolic links'"
        )
    return f"{report.path} is neither an ELF executable nor a #! script: exec fails with 'exec format error'"


def _summary_missing_loader(report: ElfReport) -> str:
    return (
        f"{report.path} is linked against {report.libc or 'an unknown libc'}, but its loader "
        f"{report.interpreter} is not in this image ({_describe_image(report)}): exec fails with "
        f"'no such file or directory' although the file exists"
    )


def _summary_missing_libraries(report: ElfReport) -> str:
    return (
        f"{report.path} is linked against {report.libc or 'an unknown libc'} and the loader cannot find "
        f"{', '.join(report.missing_libraries)} in the image (searched {':'.join(report.searched)}): "
        f"it stops with 'error while loading shared libraries'"
    )


def _summary_missing_interpreter(report: ElfReport) -> str:
    return (
        f"{report.path} is a script whose #! interpreter {report.interpreter} is not in the image: "
        f"exec fails with 'no such file or directory'"
    )


def _summary_wrong_architecture(report: ElfReport) -> str:
    return (
        f"{report.path} is an ELF executable for {report.machine}, but the image is "
        f"{report.architecture}: exec fails with 'exec format error'"
    )


_SUMMARIES = {
    Status.STATIC: _summary_static,
    Status.DYNAMIC: _summary_dynamic,
    Status.SCRIPT: _summary_script,
    Status.NOT_FOUND: _summary_not_found,
    Status.NOT_EXECUTABLE: _summary_not_executable,
    Status.UNKNOWN_FORMAT: _summary_unknown,
    Status.MISSING_LOADER: _summary_missing_loader,
    Status.MISSING_LIBRARIES: _summary_missing_libraries,
    Status.MISSING_INTERPRETER: _summary_missing_interpreter,
    Status.WRONG_ARCHITECTURE: _summary_wrong_architecture,
}


def _fix_missing_loader(report: ElfReport) -> str:
    base_libcs = " or ".join(str(libc) for libc in report.image_libcs)
    same_libc = f"build it in a builder stage on {base_libcs} like the base image, " if base_libcs else ""
    loader = report.interpreter
    if report.libc is Libc.GLIBC and report.machine in GLIBC_LOADERS:
        loader = GLIBC_LOADERS[report.machine]
    return (
        f"build a static binary (for Go: CGO_ENABLED=0 go build), {same_libc}"
        f"or use a base image that has {loader}"
    )


def _fix_missing_libraries(report: ElfReport) -> str:
    return (
        f"install the packages that provide {', '.join(report.missing_libraries)} in the final stage "
        f"(or COPY them from the builder stage), or link statically"
    )


_FIXES = {
    Status.NOT_FOUND: lambda _: "COPY the file into the image or correct the ENTRYPOINT/CMD path",
    Status.NOT_EXECUTABLE: lambda _: "make it executable (RUN chmod +x, or COPY --chmod=755)",
    Status.UNKNOWN_FORMAT: lambda report: (
        "make the #! line name a real interpreter"
        if report.interpreter
        else "build it for Linux (GOOS=linux) or start the script with a #! line"
    ),
    Status.MISSING_LOADER: _fix_missing_loader,
    Status.MISSING_LIBRARIES: _fix_missing_libraries,
    Status.WRONG_ARCHITECTURE: lambda report: (
        f"build it for the image's platform (for Go: GOARCH={report.architecture}), "
        f"or build the image for the binary's platform (--platform)"
    ),
    Status.MISSING_INTERPRETER: lambda report: (
        f"install {report.interpreter} in the image or change the #! line to an interpreter it has"
    ),
}
