"""Look a container path up under a host directory the way a process chrooted there would.

Symlinks met on the way are followed *inside* the root: an absolute target restarts at the root
and ``..`` stops there, so an image's ``/lib64 -> /lib/x86_64-linux-gnu`` never leads into the
host's ``/lib``.  Python has no binding for openat2's ``RESOLVE_IN_ROOT``, so the walk is done here
one component at a time.  Two callers want two policies: the ELF check needs a lookup that fails
as it would in the container, and the worker's writes need a join that tolerates components it is
about to create (like Go's ``securejoin``, which runc and BuildKit use).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

KERNEL_MAX_SYMLINKS = 40
"""The kernel gives up with ELOOP after this many links in one lookup."""
SECUREJOIN_MAX_SYMLINKS = 255
"""Links securejoin follows in one join before it takes them for a loop."""


class PathLoopError(OSError):
    """Too many symlinks while joining a path inside a root."""


def components(path: str) -> list[str]:
    """The names in ``path``, without empty and ``.`` components."""
    return [part for part in path.split("/") if part not in ("", ".")]


def walk_in_root(root: Path, path: str, *, follow_last: bool, lenient: bool) -> list[str] | None:
    """The symlink-free components, under ``root``, of container path ``path``.

    Strict (``lenient=False``): None when the lookup would fail in the container -- a component is
    missing, a non-directory is used as a directory, or links loop.  Lenient: missing components
    are kept as written, and a loop raises :class:`PathLoopError`.
    """
    limit = SECUREJOIN_MAX_SYMLINKS if lenient else KERNEL_MAX_SYMLINKS
    pending = components(path)
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
            if not lenient:
                return None
            resolved.append(part)
            continue
        if stat.S_ISLNK(mode) and (pending or follow_last):
            links += 1
            if links > limit:
                if lenient:
                    raise PathLoopError(f"too many levels of symbolic links in {path}")
                return None
            target = os.readlink(candidate)
            if target.startswith("/"):
                resolved.clear()
            pending.extend(reversed(components(target)))
            continue
        if pending and not lenient and not stat.S_ISDIR(mode):
            return None
        resolved.append(part)
    return resolved
