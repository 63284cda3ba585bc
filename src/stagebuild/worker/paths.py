"""Join a container path onto a host root directory the way a chrooted process would see it.

Every step that writes into a root filesystem (COPY's destination, the executor's mount stubs,
WORKDIR) names the place with a path from inside the container.  Symlinks on the way must be
followed *inside* the root: an absolute target restarts at the root and ``..`` stops there, so an
image's ``/etc -> /private/etc`` can never make us write to the host's ``/private/etc``.  Unlike a
lookup that must succeed, this join tolerates missing components (they are about to be created);
the walk itself is :mod:`stagebuild.rootpath`'s.

    >>> scoped_join(Path("/tmp/rootfs"), "/etc/hosts")
    PosixPath('/tmp/rootfs/etc/hosts')
"""

from __future__ import annotations

from pathlib import Path

from stagebuild.rootpath import walk_in_root


def scoped_join(root: Path, path: str, *, follow_last: bool = True) -> Path:
    """The host path that container path ``path`` denotes under ``root``.

    Existing symlinks are resolved inside ``root``; the final component is followed only when
    ``follow_last``.  Components that do not exist are appended as they are; a symlink loop
    raises :class:`stagebuild.rootpath.PathLoopError` (an OSError).
    """
    resolved = walk_in_root(root, path, follow_last=follow_last, lenient=True)
    assert resolved is not None  # a lenient walk fails only by raising
    return root.joinpath(*resolved)


def container_path(root: Path, host: Path) -> str:
    """The absolute container path of ``host``, a path under ``root``."""
    relative = host.relative_to(root).as_posix()
    return "/" if relative == "." else "/" + relative
