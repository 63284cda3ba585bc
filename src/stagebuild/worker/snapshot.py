"""Snapshots: a writable root filesystem over read-only layers, whose changes come out as a diff.

A build step (RUN, COPY) sees the layers below it merged into one writable directory, the
snapshot's ``rootfs``.  When the step is done, ``commit()`` yields ``upper``: a directory that holds
exactly what changed, in **overlayfs upper format**:

- new and modified entries as themselves (files, links, devices, directories with their metadata);
  the parents of a changed entry are present too, with their current metadata;
- a deleted entry as a whiteout, a character device 0:0 (each its own inode);
- a directory that was deleted and created again (or replaced a non-directory) carries the xattr
  ``trusted.overlay.opaque=y``: nothing below it shows through.

(Where the diff lives on overlayfs itself, which reserves both, the OCI spelling is used instead:
``.wh.NAME`` and ``.wh..wh..opq`` files; see ``fsops``.)

That format is also what the layer store extracts layers into, so a committed upper can serve as a
lower of the next step, and the image layer is written from it (whiteouts become ``.wh.`` entries).

Two snapshotters produce it:

``OverlaySnapshotter``
    mounts kernel overlayfs; the upper dir *is* the diff.  Mount options switch off the features
    that would make the upper dir depend on the lowers (``index``, ``redirect_dir``, ``metacopy``).
    The mount option string is limited to one page, so the lowers are named through a directory
    of short symlinks (``l/0``, ``l/1``…) and ``mount`` runs with that directory as its working
    directory (a child's cwd, so our threads' cwd never moves).  Above overlayfs' limit of 500
    lowers, the bottom ones are merged into one plain directory first; a lower given twice (an
    image that repeats a layer) is stacked once, at its upper place.  After unmounting, the
    upper dir is normalised: shared whiteout inodes are split, overlayfs' private xattrs are
    dropped, and directories that were copied up but are empty and unchanged are pruned (runc's
    mount stubs leave such directories behind).

``CopySnapshotter``
    for where overlayfs cannot be mounted (in a container, on overlay-on-overlay): the lowers are
    applied into a plain directory and each entry's state is recorded (type, inode, mode, owner,
    size, mtime, ctime, link target; for directories also the inode generation, the birth time and
    the xattrs).
    The run then waits until the file system clock has ticked past the newest recorded ctime, so
    every later change to an entry (content, mode, owner, times, links, xattrs) moves its ctime:
    comparing stat data finds every change without reading contents back.  A directory whose
    inode identity changed was deleted and recreated and is marked opaque, as overlayfs does.

``choose_snapshotter(root)`` probes a real overlay mount under ``root`` and falls back to copying;
``STAGEBUILD_SNAPSHOTTER=overlayfs|copy`` forces one.

    with choose_snapshotter(root).mount(lowers, root / "snapshots" / step_id) as snap:
        run_step(snap.rootfs)
        diff = snap.commit()
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import os
import shutil
import stat
import struct
import subprocess
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol

from stagebuild.worker.errors import SnapshotError
from stagebuild.worker.fsops import (
    OPAQUE_XATTRS,
    OVERLAY_XATTR_PREFIXES,
    HardlinkMap,
    apply_layer_dir,
    copy_metadata,
    create_node,
    is_opaque,
    is_whiteout,
    make_whiteout,
    mark_opaque,
    read_xattrs,
    remove_path,
    walk_top_down,
)

MAX_OVERLAY_LOWERS = 500
"""overlayfs refuses more lower layers than this (``OVL_MAX_STACK``)."""

OVERLAY_OPTIONS = "index=off,redirect_dir=off,metacopy=off"
"""Keep the upper dir self-contained: no hard-link index, no rename redirects, no metadata-only
copy-ups (a chmod must copy the whole file up, or the diff would lack its content)."""

OWNER_FILE = ".owner"
"""In an uncommitted snapshot's directory: ``PID START_TIME`` of the process that mounted it."""

_FS_IOC_GETVERSION = 0x80087601
_MNT_DETACH = 2


class Snapshot(Protocol):
    """A mounted, writable view of some lowers; a context manager that discards it unless committed."""

    @property
    def rootfs(self) -> Path:
        """The merged, writable root filesystem the step works in."""
        ...

    @property
    def upper(self) -> Path:
        """Where the diff is (complete only after ``commit``)."""
        ...

    def commit(self) -> Path:
        """Unmount, make ``upper`` the diff of the step, drop everything else; returns ``upper``."""
        ...

    def discard(self) -> None:
        """Unmount and remove everything, ``upper`` included."""
        ...

    def __enter__(self) -> Snapshot: ...

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class Snapshotter(Protocol):
    name: str
    """``overlayfs`` or ``copy``."""

    description: str
    """The name and, for a fallback, why it was chosen; for ``--progress plain``."""

    def mount(self, lowers: Sequence[Path], target: Path) -> Snapshot:
        """A writable view of ``lowers`` (bottom first, overlay format), kept in the new dir ``target``."""
        ...


class _ActiveSnapshot:
    """The lifecycle both snapshotters share: mounted → committed (upper kept) or discarded."""

    def __init__(self, lowers: Sequence[Path], target: Path, rootfs_name: str) -> None:
        self.lowers = [Path(p) for p in lowers]
        self.target = target
        self._rootfs = target / rootfs_name
        self._upper = target / "upper"
        self._mounted = False
        target.mkdir(parents=True)
        (target / OWNER_FILE).write_text(_process_identity())

    @property
    def rootfs(self) -> Path:
        return self._rootfs

    @property
    def upper(self) -> Path:
        return self._upper

    def commit(self) -> Path:
        if not self._mounted:
            raise SnapshotError(f"snapshot {self.target} is not mounted")
        self._finish()
        self._mounted = False
        for child in self.target.iterdir():
            if child != self._upper:
                remove_path(child)
        return self._upper

    def discard(self) -> None:
        if self._mounted:
            self._mounted = False
            self._teardown()
        remove_path(self.target)

    def __enter__(self) -> _ActiveSnapshot:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._mounted or kind is not None:
            self.discard()

    def _finish(self) -> None:
        raise NotImplementedError

    def _teardown(self) -> None:
        raise NotImplementedError


# --- overlayfs ------------------------------------------------------------------------------


class OverlaySnapshotter:
    """Snapshots on kernel overlayfs."""

    name = "overlayfs"
    description = "overlayfs"

    def mount(self, lowers: Sequence[Path], target: Path) -> _OverlaySnapshot:
        snap = _OverlaySnapshot(lowers, target)
        try:
            snap.mount()
        except BaseException:
            snap.discard()
            raise
        return snap


class _OverlaySnapshot(_ActiveSnapshot):
    def __init__(self, lowers: Sequence[Path], target: Path) -> None:
        super().__init__(lowers, target, "merged")

    def mount(self) -> None:
        for name in ("upper", "work", "merged", "l"):
            (self.target / name).mkdir()
        lowers = _topmost_occurrences(self.lowers) or [self._empty_lower()]
        if len(lowers) > MAX_OVERLAY_LOWERS:
            merged_count = len(lowers) - MAX_OVERLAY_LOWERS + 1
            lowers = [self._flatten(lowers[:merged_count]), *lowers[merged_count:]]
        names = []
        for index, lower in enumerate(reversed(lowers)):
            os.symlink(lower.resolve(), self.target / "l" / str(index))
            names.append(f"l/{index}")
        options = f"lowerdir={':'.join(names)},upperdir=upper,workdir=work,{OVERLAY_OPTIONS}"
        result = subprocess.run(
            ["mount", "-t", "overlay", "overlay", "-o", options, str(self.rootfs)],
            cwd=self.target,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SnapshotError(f"cannot mount overlayfs at {self.rootfs}: {_mount_error(result.stderr)}")
        self._mounted = True

    def _empty_lower(self) -> Path:
        empty = self.target / "empty"
        empty.mkdir()
        return empty

    def _flatten(self, lowers: Sequence[Path]) -> Path:
        flat = self.target / "flat"
        flat.mkdir()
        for lower in lowers:
            apply_layer_dir(lower, flat)
        return flat

    def _teardown(self) -> None:
        unmount(self.rootfs)

    def _finish(self) -> None:
        unmount(self.rootfs)
        _normalize_overlay_upper(self._upper, self.lowers)


def _topmost_occurrences(lowers: Sequence[Path]) -> list[Path]:
    """``lowers`` with a directory that occurs twice kept only at its upper place.

    overlayfs refuses the same lower twice; the upper occurrence shadows everything the lower one
    holds or deletes, so dropping the lower one leaves the merged tree unchanged.
    """
    resolved = [lower.resolve() for lower in lowers]
    topmost = {path: index for index, path in enumerate(resolved)}
    return [path for index, path in enumerate(resolved) if topmost[path] == index]


def _mount_error(stderr: str) -> str:
    """mount(8)'s reason without its repetition of the mount point and its dmesg hint."""
    first = stderr.strip().splitlines()[0] if stderr.strip() else "mount failed"
    return first.rpartition(": ")[2] if first.startswith("mount: ") else first


def unmount(path: Path) -> None:
    """Unmount ``path``; a mount still busy after a few tries is detached lazily."""
    libc = _libc()
    for attempt in range(20):
        if libc.umount2(os.fsencode(path), 0) == 0:
            return
        err = ctypes.get_errno()
        if err == errno.EINVAL:  # not a mount point (any more)
            return
        if err != errno.EBUSY:
            raise SnapshotError(f"cannot unmount {path}: {os.strerror(err)}")
        time.sleep(0.01 * (attempt + 1))
    if libc.umount2(os.fsencode(path), _MNT_DETACH) != 0:
        raise SnapshotError(f"cannot unmount {path}: {os.strerror(ctypes.get_errno())}")


def _normalize_overlay_upper(upper: Path, lowers: Sequence[Path]) -> None:
    directories: list[tuple[str, os.stat_result]] = []
    for rel, st in walk_top_down(upper):
        path = upper / rel
        if is_whiteout(st):
            if st.st_nlink > 1:  # the kernel shares one whiteout inode; a layer wants one each
                os.unlink(path)
                make_whiteout(path)
            continue
        for name in os.listxattr(path, follow_symlinks=False):
            if name.startswith(OVERLAY_XATTR_PREFIXES) and name not in OPAQUE_XATTRS:
                os.removexattr(path, name, follow_symlinks=False)
        if stat.S_ISDIR(st.st_mode):
            directories.append((rel, st))
    for rel, st in reversed(directories):
        path = upper / rel
        if any(os.scandir(path)) or is_opaque(path):
            continue
        lower = _lower_directory(lowers, rel)
        if lower is None or _dir_metadata(lower, os.lstat(lower)) != _dir_metadata(path, st):
            continue
        parent = path.parent
        parent_st = os.lstat(parent)
        os.rmdir(path)
        os.utime(parent, ns=(parent_st.st_atime_ns, parent_st.st_mtime_ns))


def _lower_directory(lowers: Sequence[Path], rel: str) -> Path | None:
    """The directory overlayfs shows for ``rel`` from the lowers alone (its topmost instance)."""
    parts = rel.split("/")
    for lower in reversed(lowers):
        hidden_below = False
        for depth in range(1, len(parts) + 1):
            path = lower.joinpath(*parts[:depth])
            try:
                st = os.lstat(path)
            except (FileNotFoundError, NotADirectoryError):
                break
            if depth == len(parts):
                return path if stat.S_ISDIR(st.st_mode) else None
            if not stat.S_ISDIR(st.st_mode):
                return None  # a whiteout or file hides everything below
            if is_opaque(path):
                hidden_below = True
        if hidden_below:
            return None
    return None


def _dir_metadata(path: Path, st: os.stat_result) -> tuple[object, ...]:
    return (st.st_mode, st.st_uid, st.st_gid, st.st_mtime_ns, read_xattrs(path))


# --- copy fallback --------------------------------------------------------------------------


class CopySnapshotter:
    """Snapshots by copying the lowers into a plain directory and diffing it afterwards."""

    name = "copy"

    def __init__(self, reason: str = "") -> None:
        self.description = f"copy ({reason})" if reason else "copy"

    def mount(self, lowers: Sequence[Path], target: Path) -> _CopySnapshot:
        snap = _CopySnapshot(lowers, target)
        try:
            snap.prepare()
        except BaseException:
            snap.discard()
            raise
        return snap


DirectoryIdentity = tuple[int, int | None, int | None]
"""(inode, generation, birth time): equal only for the same directory, not one recreated in its place."""


@dataclass(frozen=True, slots=True)
class _EntryState:
    """What the diff compares for one entry of the prepared root filesystem."""

    kind: int
    inode: int
    identity: DirectoryIdentity | None
    mode: int
    uid: int
    gid: int
    size: int
    mtime_ns: int
    ctime_ns: int
    rdev: int
    link_target: str | None
    dir_xattrs: tuple[tuple[str, bytes], ...]

    def identity_differs(self, path: Path, st: os.stat_result) -> bool:
        """Whether the directory at ``path`` is another inode than the recorded one."""
        return self.identity != _directory_identity(path, st)

    def dir_metadata(self) -> tuple[object, ...]:
        return (self.mode, self.uid, self.gid, self.mtime_ns, self.dir_xattrs)


class _CopySnapshot(_ActiveSnapshot):
    _recorded: dict[str, _EntryState]

    def __init__(self, lowers: Sequence[Path], target: Path) -> None:
        super().__init__(lowers, target, "rootfs")

    def prepare(self) -> None:
        self.rootfs.mkdir()
        for lower in self.lowers:
            apply_layer_dir(lower, self.rootfs)
        self._recorded = {rel: _entry_state(self.rootfs / rel, st) for rel, st in walk_top_down(self.rootfs)}
        newest = max((e.ctime_ns for e in self._recorded.values()), default=0)
        self._wait_for_clock_past(newest)
        self._mounted = True

    def _wait_for_clock_past(self, ctime_ns: int) -> None:
        probe = self.target / f".clock-{uuid.uuid4().hex}"
        try:
            while True:
                probe.write_bytes(b"")
                if os.lstat(probe).st_ctime_ns > ctime_ns:
                    return
                time.sleep(0.001)
        finally:
            probe.unlink(missing_ok=True)

    def _teardown(self) -> None:
        pass

    def _finish(self) -> None:
        self._upper.mkdir()
        _DiffWriter(self.rootfs, self._upper, self._recorded).write()


class _DiffWriter:
    """Writes the overlay-format diff between the recorded state and the current ``rootfs``."""

    def __init__(self, rootfs: Path, upper: Path, recorded: dict[str, _EntryState]) -> None:
        self.rootfs = rootfs
        self.upper = upper
        self.recorded = recorded
        self.links: HardlinkMap = {}
        self.created_dirs: list[str] = []
        self.opaque: set[str] = set()

    def write(self) -> None:
        current: dict[str, os.stat_result] = {}
        fresh_dirs: set[str] = set()  # new or recreated: everything below them is new
        for rel, st in walk_top_down(self.rootfs):
            current[rel] = st
            parent = rel.rpartition("/")[0]
            old = None if parent in fresh_dirs else self.recorded.get(rel)
            path = self.rootfs / rel
            if stat.S_ISDIR(st.st_mode):
                if old is None or old.kind != stat.S_IFDIR or old.identity_differs(path, st):
                    fresh_dirs.add(rel)
                    self._emit_dir(rel, opaque=old is not None)
                elif old.dir_metadata() != _entry_state(path, st).dir_metadata():
                    self._emit_dir(rel, opaque=False)
            elif old is None or old != _entry_state(path, st):
                self._emit_node(rel, st)
        for rel in self.recorded:
            parent = rel.rpartition("/")[0]
            if rel in current or parent in fresh_dirs:
                continue
            parent_st = current.get(parent) if parent else None
            if parent and (parent_st is None or not stat.S_ISDIR(parent_st.st_mode)):
                continue  # hidden by the parent's own whiteout or replacement
            self._ensure_parent(rel)
            make_whiteout(self.upper / rel)
        for rel in reversed(self.created_dirs):
            if rel in self.opaque:
                mark_opaque(self.upper / rel)
            copy_metadata(self.rootfs / rel, self.upper / rel, os.lstat(self.rootfs / rel))

    def _ensure_parent(self, rel: str) -> None:
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            target = self.upper / prefix
            if not target.exists():
                target.mkdir(mode=0o700)
                self.created_dirs.append(prefix)

    def _emit_dir(self, rel: str, *, opaque: bool) -> None:
        self._ensure_parent(rel)
        (self.upper / rel).mkdir(mode=0o700)
        self.created_dirs.append(rel)
        if opaque:
            self.opaque.add(rel)

    def _emit_node(self, rel: str, st: os.stat_result) -> None:
        self._ensure_parent(rel)
        src, dst = self.rootfs / rel, self.upper / rel
        if not create_node(src, dst, st, self.links):
            copy_metadata(src, dst, st)


def _entry_state(path: Path, st: os.stat_result) -> _EntryState:
    kind = stat.S_IFMT(st.st_mode)
    is_dir = kind == stat.S_IFDIR
    return _EntryState(
        kind=kind,
        inode=st.st_ino,
        identity=_directory_identity(path, st) if is_dir else None,
        mode=st.st_mode,
        uid=st.st_uid,
        gid=st.st_gid,
        size=0 if is_dir else st.st_size,
        mtime_ns=st.st_mtime_ns,
        ctime_ns=0 if is_dir else st.st_ctime_ns,
        rdev=st.st_rdev,
        link_target=os.readlink(path) if kind == stat.S_IFLNK else None,
        dir_xattrs=tuple(sorted(read_xattrs(path).items())) if is_dir else (),
    )


def _directory_identity(path: Path, st: os.stat_result) -> DirectoryIdentity:
    """What tells a recreated directory from the original even when it got the same inode number.

    The generation number (ext4, xfs, btrfs) changes when an inode is reused; the birth time
    (statx) serves where the ioctl does not, e.g. on overlayfs.
    """
    generation = None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return (st.st_ino, None, _birth_time_ns(path))
    try:
        raw = fcntl.ioctl(fd, _FS_IOC_GETVERSION, b"\0" * 8)
        generation = int(struct.unpack("q", raw)[0])
    except OSError:
        pass
    finally:
        os.close(fd)
    return (st.st_ino, generation, _birth_time_ns(path))


_STATX_BTIME = 0x800
_AT_SYMLINK_NOFOLLOW = 0x100
_STATX_SIZE = 256
_STATX_BTIME_OFFSET = 80  # struct statx: stx_btime follows mask…attributes_mask (64 bytes) and stx_atime


def _birth_time_ns(path: Path) -> int | None:
    """The birth time of ``path`` via statx(2) (Python 3.11 has no binding), or None."""
    libc = _libc()
    statx = getattr(libc, "statx", None)
    if statx is None:
        return None
    buffer = ctypes.create_string_buffer(_STATX_SIZE)
    if statx(-100, os.fsencode(path), _AT_SYMLINK_NOFOLLOW, _STATX_BTIME, buffer) != 0:  # -100: AT_FDCWD
        return None
    mask = struct.unpack_from("I", buffer, 0)[0]
    if not mask & _STATX_BTIME:
        return None
    seconds, nanoseconds = struct.unpack_from("qI", buffer, _STATX_BTIME_OFFSET)
    return int(seconds * 1_000_000_000 + nanoseconds)


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


# --- choosing and recovering ----------------------------------------------------------------


def choose_snapshotter(root: Path) -> OverlaySnapshotter | CopySnapshotter:
    """overlayfs when a probe mount under ``root`` works, else the copy fallback (with the reason)."""
    forced = os.environ.get("STAGEBUILD_SNAPSHOTTER", "")
    if forced == "copy":
        return CopySnapshotter("STAGEBUILD_SNAPSHOTTER=copy")
    if forced == "overlayfs":
        return OverlaySnapshotter()
    if forced:
        raise SnapshotError(f"STAGEBUILD_SNAPSHOTTER={forced!r}: expected 'overlayfs' or 'copy'")
    reason = overlay_unavailable_reason(root)
    return OverlaySnapshotter() if reason is None else CopySnapshotter(reason)


def overlay_unavailable_reason(root: Path) -> str | None:
    """Why overlayfs cannot be mounted under ``root``, or None when a probe mount succeeded."""
    if os.geteuid() != 0:
        return "overlayfs needs root"
    if _filesystem_type(root) == "overlay":
        return f"overlayfs unavailable: {root} is itself on overlayfs (e.g. in a container)"
    probe_dir = root / "worker" / f"probe-{uuid.uuid4().hex}"
    lower = probe_dir / "lower"
    try:
        lower.mkdir(parents=True)
        (lower / "file").write_bytes(b"lower")
        with OverlaySnapshotter().mount([lower], probe_dir / "snapshot") as snap:
            (snap.rootfs / "file").write_bytes(b"upper")
            (snap.rootfs / "file").unlink()
            snap.commit()
        return None
    except (OSError, SnapshotError) as err:
        return f"overlayfs unavailable: {err}"
    finally:
        shutil.rmtree(probe_dir, ignore_errors=True)


def _filesystem_type(path: Path) -> str | None:
    """The file system type of the mount holding ``path`` (or its nearest existing parent)."""
    probe = path.absolute()
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    probe = probe.resolve()
    best, best_type = "", None
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        separator = fields.index("-")
        mount_point = fields[4].replace("\\040", " ")
        inside = probe == Path(mount_point) or Path(mount_point) in probe.parents
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, fields[separator + 1]
    return best_type


def cleanup_stale_snapshots(parent: Path) -> list[Path]:
    """Unmount and remove uncommitted snapshots under ``parent`` whose process has died.

    A build killed with SIGKILL leaves its overlay mounted; the next build calls this on the
    directory it keeps snapshots in.  Committed snapshots (no owner file) are left alone.
    """
    removed: list[Path] = []
    if not parent.is_dir():
        return removed
    for child in parent.iterdir():
        owner = child / OWNER_FILE
        try:
            identity = owner.read_text()
        except (FileNotFoundError, NotADirectoryError):
            continue
        if _process_alive(identity):
            continue
        for mountpoint in (child / "merged", child / "rootfs"):
            if os.path.ismount(mountpoint):
                unmount(mountpoint)
        # Another build may be cleaning the same leftovers right now: whoever removes it is fine.
        shutil.rmtree(child, ignore_errors=True)
        if not os.path.lexists(child):
            removed.append(child)
    return removed


def _process_identity(pid: int | None = None) -> str:
    pid = os.getpid() if pid is None else pid
    return f"{pid} {_start_time(pid)}"


def _start_time(pid: int) -> str:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return ""
    return fields[19] if len(fields) > 19 else ""


def _process_alive(identity: str) -> bool:
    pid_text, _, start = identity.strip().partition(" ")
    if not pid_text.isdigit():
        return False
    current = _start_time(int(pid_text))
    return current != "" and current == start
