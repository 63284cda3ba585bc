"""Deterministic tar archives and atomic outputs shared by the exporters.

An exported archive must be byte-for-byte the same for the same image, so every entry gets fixed
metadata (owner 0:0, mtime 0 unless a ``SOURCE_DATE_EPOCH`` is given, mode 0644 for files and 0755
for directories, no user or group names) and entries are written in the order the caller sorts
them.  Outputs appear only when complete: files and directories are written under a temporary name
beside the destination and renamed over it at the end.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import shutil
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO


class ArchiveWriter:
    """Adds directories and files with fixed metadata to a PAX tar stream."""

    def __init__(self, tar: tarfile.TarFile, mtime: int = 0) -> None:
        self._tar = tar
        self._mtime = mtime
        self._dirs: set[str] = set()

    def add_dir(self, name: str) -> None:
        if name in self._dirs:
            return
        self._dirs.add(name)
        info = self._info(name)
        info.type, info.mode = tarfile.DIRTYPE, 0o755
        self._tar.addfile(info)

    def add_bytes(self, name: str, data: bytes) -> None:
        self._ensure_parents(name)
        info = self._info(name)
        info.size = len(data)
        self._tar.addfile(info, io.BytesIO(data))

    def add_stream(self, name: str, size: int, stream: IO[bytes]) -> None:
        """Add ``size`` bytes read from ``stream`` (tarfile fails if the stream ends early)."""
        self._ensure_parents(name)
        info = self._info(name)
        info.size = size
        self._tar.addfile(info, stream)

    def _ensure_parents(self, name: str) -> None:
        parent = os.path.dirname(name)
        if parent:
            self._ensure_parents(parent)
            self.add_dir(parent)

    def _info(self, name: str) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.mode, info.mtime, info.uid, info.gid = 0o644, self._mtime, 0, 0
        return info


def _temporary_sibling(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


@contextlib.contextmanager
def atomic_tar(dest: Path, mtime: int = 0) -> Iterator[ArchiveWriter]:
    """A deterministic tar written to a temporary sibling of ``dest`` and renamed over it on success."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_sibling(dest)
    try:
        with tmp.open("xb") as f:
            with tarfile.open(fileobj=f, mode="w", format=tarfile.PAX_FORMAT) as tar:
                yield ArchiveWriter(tar, mtime)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, dest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class OutputExistsError(FileExistsError):
    """The destination exists and is not something an export may replace."""


@contextlib.contextmanager
def atomic_directory(dest: Path, *, replaceable: Callable[[Path], bool]) -> Iterator[Path]:
    """A directory built under a temporary name that replaces ``dest`` when complete.

    An existing ``dest`` is replaced only if it is empty or ``replaceable(dest)`` says it is an
    earlier output of the same kind, never a user's unrelated directory.
    """
    if dest.exists() and not (dest.is_dir() and (not any(dest.iterdir()) or replaceable(dest))):
        raise OutputExistsError(f"{dest} exists and is not an earlier export; refusing to replace it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_sibling(dest)
    tmp.mkdir()
    try:
        yield tmp
        if dest.exists():
            old = _temporary_sibling(dest)
            os.rename(dest, old)
            os.rename(tmp, dest)
            shutil.rmtree(old)
        else:
            os.rename(tmp, dest)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


@contextlib.contextmanager
def merged_directory(dest: Path) -> Iterator[Path]:
    """A tree built under a temporary name whose top-level entries then replace those in ``dest``.

    For exporting a root filesystem into a directory that may hold other files (as BuildKit's local
    exporter does): what the image has replaces same-named entries, everything else stays.
    """
    if dest.exists() and not dest.is_dir():
        raise OutputExistsError(f"{dest} exists and is not a directory")
    dest.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_sibling(dest.resolve())
    tmp.mkdir()
    try:
        yield tmp
        for entry in sorted(os.listdir(tmp)):
            target = dest / entry
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
            os.rename(tmp / entry, target)
    finally:
        shutil.rmtree(tmp)
