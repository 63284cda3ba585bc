"""Resolve paths inside an unpacked image root the way the kernel does inside the container.

A symlink in an image is read as the container would read it: an absolute target starts again at
the image root and ``..`` never climbs above it. ``os.path.realpath`` would follow
``/lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2`` into the *host's*
``/lib`` and report a loader the image does not have; the strict walk of
:mod:`stagebuild.rootpath` does it inside the image.

    >>> resolve_in_root(Path("/tmp/rootfs"), "/lib64/ld-linux-x86-64.so.2")
    '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from pathlib import Path

from stagebuild.rootpath import components, walk_in_root


def host_path(root: Path, image_path: str) -> Path:
    """The host file behind an absolute, already resolved path inside the image."""
    return root.joinpath(*[part for part in image_path.split("/") if part])


def resolve_in_root(root: Path, path: str, *, follow_last: bool = True) -> str | None:
    """The symlink-free absolute path inside the image that ``path`` names, or None.

    None means the lookup fails inside the container: a component is missing, a non-directory is
    used as a directory, or the links loop. A relative ``path`` is taken from the image root.
    """
    resolved = walk_in_root(root, path, follow_last=follow_last, lenient=False)
    return None if resolved is None else "/" + "/".join(resolved)


def glob_in_root(root: Path, pattern: str) -> list[str]:
    """Image paths matching a shell glob, each directory looked up inside the image, sorted.

    Like glob(3), a wildcard does not match a leading dot and every returned path exists.
    """
    matches = ["/"]
    for part in components(pattern):
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


def _has_magic(part: str) -> bool:
    return any(char in part for char in "*?[")
