"""Join a container path onto a host root directory the way a chrooted process would see it.

Every step that writes into a root filesystem (COPY's destination, the executor's mount stubs,
WORKDIR) names the place with a path from inside the container.  Symlinks on the way must be
followed *inside* the root: an absolute target restarts at the root and ``..`` stops there, so an
image's ``/etc -> /private/etc`` can never make us write to the host's ``/private/etc``.  Unlike a
lookup that must succeed, this join tolerates missing components (they are about to be created),
like Go's ``securejoin.SecureJoin`` that runc and BuildKit use; Python has no binding for openat2's
``RESOLVE_IN_ROOT``, so the walk is done here one component at a time.

    >>> scoped_join(Path("/tmp/rootfs"), "/etc/hosts")
    PosixPath('/tmp/rootfs/etc/hosts')
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_SYMLINKS = 255
"""Links followed in one join before it is taken for a loop (securejoin's limit)."""


class PathLoopError(OSError):
    """Too many symlinks while joining a path inside a root."""


def scoped_join(root: Path, path: str, *, follow_last: bool = True) -> Path:
    """The host path that container path ``path`` denotes under ``root``.

    Existing symlinks are resolved inside ``root``; the final component is followed only when
    ``follow_last``.  Components that do not exist are appended as they are.
    """
    pending = [part for part in path.split("/") if part not in ("", ".")]
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
        if not pending and not follow_last:
            resolved.append(part)
            break
        try:
            st = os.lstat(candidate)
        except (FileNotFoundError, NotADirectoryError):
            resolved.append(part)
            continue
        if not stat.S_ISLNK(st.st_mode):
            resolved.append(part)
            continue
        links += 1
        if links > MAX_SYMLINKS:
            raise PathLoopError(f"too many levels of symbolic links in {path}")
        target = os.readlink(candidate)
        if target.startswith("/"):
            resolved.clear()
        parts = [p for p in target.split("/") if p not in ("", ".")]
        pending.extend(reversed(parts))
    return root.joinpath(*resolved)


def container_path(root: Path, host: Path) -> str:
    """The absolute container path of ``host``, a path under ``root``."""
    relative = host.relative_to(root).as_posix()
    return "/" if relative == "." else "/" + relative
