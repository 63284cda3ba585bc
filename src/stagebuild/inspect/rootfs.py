"""Resolve paths inside an unpacked image root the way the kernel does inside the container.

A symlink in an image is read as the container would read it: an absolute target starts again at
the image root and ``..`` never climbs above it. ``os.path.realpath`` would follow
``/lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2`` into the *host's*
``/lib`` and report a loader the image does not have, and Python has no binding for openat2's
``RESOLVE_IN_ROOT``, so the walk is done here one component at a time.

    >>> resolve_in_root(Path("/tmp/rootfs"), "/lib64/ld-linux-x86-64.so.2")
    '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import stat
from pathlib import Path

MAX_SYMLINKS = 40
"""The kernel gives up with ELOOP after this many links in one lookup."""


def host_path(root: Path, image_path: str) -> Path:
    """The host file behind an absolute, already resolved path inside the image."""
    return root.joinpath(*[part for part in image_path.split("/") if part])


def resolve_in_root(root: Path, path: str, *, follow_last: bool = True) -> str | None:
    """The symlink-free absolute path inside the image that ``path`` names, or None.

    None means the lookup fails inside the container: a component is missing, a non-directory is
    used as a directory, or the links loop. A relative ``path`` is taken from the image root.
    """
    pending = _components(path)
    pending.reverse()
    resolved: list[str] = []
    links = 0
    while pending:
        part = pending.pop()
        if part == "..":
            if resolved:
                resolved.pop()
            continue
        candidate = root.joinpath(*resolved, part)
        try:
            mode = os.lstat(candidate).st_mode
        except (FileNotFoundError, NotADirectoryError):
            return None
        if stat.S_ISLNK(mode) and (pending or follow_last):
            links += 1
            if links > MAX_SYMLINKS:
                return None
            target = os.readlink(candidate)
            if target.startswith("/"):
                resolved = []
            pending.extend(reversed(_components(target)))
            continue
        if pending and not stat.S_ISDIR(mode):
            return None
        resolved.append(part)
    return "/" + "/".join(resolved)


def glob_in_root(root: Path, pattern: str) -> list[str]:
    """Image paths matching a shell glob, each directory looked up inside the image, sorted.

    Like glob(3), a wildcard does not match a leading dot and every returned path exists.
    """
    matches = ["/"]
    for part in _components(pattern):
        if not _has_magic(part):
            matches = [posixpath.join(base, part) for base in matches]
            continue
        expanded: list[str] = []
        for base in matches:
            directory = resolve_in_root(root, base)
            if directory is None:
                continue
            try:
                names = sorted(os.listdir(host_path(root, directory)))
            except (NotADirectoryError, FileNotFoundError):
                continue
            expanded.extend(
                posixpath.join(base, name)
                for name in names
                if fnmatch.fnmatchcase(name, part) and (part.startswith(".") or not name.startswith("."))
            )
        matches = expanded
    return [match for match in matches if resolve_in_root(root, match) is not None]


def _components(path: str) -> list[str]:
    return [part for part in path.split("/") if part not in ("", ".")]


def _has_magic(part: str) -> bool:
    return any(char in part for char in "*?[")
