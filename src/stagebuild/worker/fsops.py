"""Low-level file tree operations the snapshotters and file operations share.

One place knows how to reproduce a file system entry exactly (type, content, owner, mode, times,
extended attributes, hard links), what a deletion and an opaque directory look like in a diff,
and how to apply a directory in overlay format (an extracted layer or an upper dir) onto a plain
directory.  Python's ``shutil.copy2`` loses owners and hard links and follows no whiteout rules,
hence these few functions.

A deletion is an overlayfs whiteout (character device 0:0) and an opaque directory carries
``trusted.overlay.opaque=y``.  overlayfs itself refuses to create either (both are reserved to
it), so where the diff directory lives on overlayfs (a store inside a container, where the copy
snapshotter serves) the OCI spelling is written instead: an empty file ``.wh.NAME`` beside the
deleted ``NAME``, an empty file ``.wh..wh..opq`` in the opaque directory.  A layer tar made of
such a directory holds exactly the OCI whiteout entries, and everything here reads both forms.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from stagebuild.record import Record

OPAQUE_XATTR = "trusted.overlay.opaque"
"""Set to ``y`` on an upper directory whose lower counterparts are hidden."""

OPAQUE_XATTRS = (OPAQUE_XATTR, "user.overlay.opaque")
"""The opaque mark as root writes it, and as an unprivileged (``userxattr``) overlay does."""

OVERLAY_XATTR_PREFIXES = ("trusted.overlay.", "user.overlay.")
"""overlayfs' private bookkeeping (origin, impure, redirect…); never part of a layer."""

WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"
_RESERVED_ERRNOS = (errno.EPERM, errno.EOPNOTSUPP, errno.EINVAL)


def is_whiteout(st: os.stat_result) -> bool:
    """Whether ``st`` is an overlayfs whiteout: a character device with device number 0:0."""
    return stat.S_ISCHR(st.st_mode) and st.st_rdev == 0


def whiteout_target(name: str) -> str | None:
    """The name an OCI-spelled whiteout file ``name`` deletes (None for other names and the opaque marker)."""
    if name.startswith(WHITEOUT_PREFIX) and name != OPAQUE_MARKER:
        return name.removeprefix(WHITEOUT_PREFIX)
    return None


def make_whiteout(path: Path) -> None:
    """Record the deletion of ``path``: a whiteout device, or ``.wh.NAME`` where devices are refused."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o000, os.makedev(0, 0))
    except OSError as err:
        if err.errno not in _RESERVED_ERRNOS:
            raise
        _write_marker(path.with_name(WHITEOUT_PREFIX + path.name))


def is_opaque(path: Path) -> bool:
    """Whether directory ``path`` carries the opaque mark (either spelling)."""
    for name in OPAQUE_XATTRS:
        try:
            if os.getxattr(path, name, follow_symlinks=False) == b"y":
                return True
        except OSError:
            pass
    return os.path.lexists(path / OPAQUE_MARKER)


def mark_opaque(path: Path) -> None:
    """Mark directory ``path`` opaque: the xattr, or the ``.wh..wh..opq`` file where it is refused."""
    try:
        os.setxattr(path, OPAQUE_XATTR, b"y", follow_symlinks=False)
    except OSError as err:
        if err.errno not in _RESERVED_ERRNOS:
            raise
        _write_marker(path / OPAQUE_MARKER)


def _write_marker(path: Path) -> None:
    path.touch(mode=0o600, exist_ok=False)


def read_xattrs(path: Path) -> dict[str, bytes]:
    """The extended attributes of ``path`` (not followed), without overlayfs' private ones."""
    try:
        names = os.listxattr(path, follow_symlinks=False)
    except OSError as err:
        if err.errno in (errno.ENOTSUP, errno.EPERM):
            return {}
        raise
    values = {}
    for name in names:
        if name.startswith(OVERLAY_XATTR_PREFIXES):
            continue
        try:
            values[name] = os.getxattr(path, name, follow_symlinks=False)
        except OSError as err:
            if err.errno not in (errno.ENODATA, errno.ENOTSUP):
                raise
    return values


class Ownership(Record):
    """Owner and mode overrides applied to every entry a copy creates (``--chown``, ``--chmod``)."""

    uid: int | None = None
    gid: int | None = None
    mode: int | None = None


KEEP = Ownership()


def copy_metadata(src: Path, dst: Path, st: os.stat_result, override: Ownership = KEEP) -> None:
    """Give ``dst`` the owner, mode, xattrs and times of ``src`` (``st`` is its lstat)."""
    uid = st.st_uid if override.uid is None else override.uid
    gid = st.st_gid if override.gid is None else override.gid
    os.chown(dst, uid, gid, follow_symlinks=False)
    if not stat.S_ISLNK(st.st_mode):
        mode = stat.S_IMODE(st.st_mode) if override.mode is None else override.mode
        os.chmod(dst, mode)
    for name, value in read_xattrs(src).items():
        try:
            os.setxattr(dst, name, value, follow_symlinks=False)
        except OSError as err:
            # Like BuildKit: an attribute the destination file system cannot hold is dropped.
            if err.errno not in (errno.ENOTSUP, errno.EPERM):
                raise
    os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns), follow_symlinks=False)


HardlinkMap = dict[tuple[int, int], Path]
"""Source (device, inode) → the destination path already created for it in this copy."""


def create_node(src: Path, dst: Path, st: os.stat_result, links: HardlinkMap | None = None) -> bool:
    """Create ``dst`` as a copy of non-directory ``src`` without its metadata.

    With ``links``, a multiply linked regular file whose inode was already copied becomes a hard
    link to that copy; the return value says so (the link already has its metadata).
    """
    if stat.S_ISREG(st.st_mode):
        key = (st.st_dev, st.st_ino)
        if links is not None and st.st_nlink > 1:
            first = links.get(key)
            if first is not None:
                os.link(first, dst)
                return True
            links[key] = dst
        shutil.copyfile(src, dst, follow_symlinks=False)
    elif stat.S_ISLNK(st.st_mode):
        os.symlink(os.readlink(src), dst)
    elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        os.mknod(dst, stat.S_IFMT(st.st_mode) | 0o600, st.st_rdev)
    elif stat.S_ISSOCK(st.st_mode):
        # Sockets are meaningless once copied; Docker's layers skip them too.
        return True
    else:
        raise OSError(errno.EINVAL, f"cannot copy file of unknown type: {src}")
    return False


def remove_path(path: Path) -> None:
    """Remove whatever is at ``path`` (a tree, a file, a link); nothing there is fine."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def walk_top_down(root: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every entry under ``root`` as (relative posix path, lstat), parents before children, sorted."""
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        directory = root / rel_dir if rel_dir else root
        with os.scandir(directory) as it:
            names = sorted(entry.name for entry in it)
        children = []
        for name in names:
            rel = f"{rel_dir}/{name}" if rel_dir else name
            st = os.lstat(directory / name)
            yield rel, st
            if stat.S_ISDIR(st.st_mode):
                children.append(rel)
        stack.extend(reversed(children))


def apply_layer_dir(layer: Path, dest: Path) -> None:
    """Apply ``layer``, a directory in overlay format, onto the plain directory ``dest``.

    Whiteouts remove what they name, an opaque directory first empties its counterpart, every
    other entry replaces what is there (directories merge).  Hard links inside ``layer`` stay hard
    links in ``dest``; directory times are set after their contents so they survive.
    """
    links: HardlinkMap = {}
    directories: list[tuple[Path, Path, os.stat_result]] = []
    for rel, st in walk_top_down(layer):
        src, dst = layer / rel, dest / rel
        if is_whiteout(st):
            remove_path(dst)
            continue
        if stat.S_ISREG(st.st_mode) and src.name.startswith(WHITEOUT_PREFIX):
            deleted = whiteout_target(src.name)
            if deleted is not None:
                remove_path(dst.with_name(deleted))
            continue  # the opaque marker was honoured with its directory
        if stat.S_ISDIR(st.st_mode):
            try:
                existing = os.lstat(dst)
            except FileNotFoundError:
                existing = None
            if existing is not None and not stat.S_ISDIR(existing.st_mode):
                os.unlink(dst)
                existing = None
            if existing is None:
                os.mkdir(dst, 0o700)
            elif is_opaque(src):
                for child in os.listdir(dst):
                    remove_path(dst / child)
            directories.append((src, dst, st))
            continue
        remove_path(dst)
        if not create_node(src, dst, st, links):
            copy_metadata(src, dst, st)
    for src, dst, st in reversed(directories):
        copy_metadata(src, dst, st)
