"""Layers: overlayfs upper directories into deterministic OCI layer tars, and layer tars back to disk.

Writing (:func:`write_layer`): the worker hands over a step's overlayfs *upper* directory, which
records deletions the overlay way — a 0:0 character device for a deleted path, the
``trusted.overlay.opaque=y`` (or ``user.overlay.opaque``) xattr on a directory whose lower contents
are hidden.  The OCI layer format records them as ``.wh.NAME`` and ``.wh..wh..opq`` entries, so the
walk converts them.  The tar is deterministic, so equal trees give equal digests: entries are sorted
by name (parents first), PAX format, uid/gid/mode/mtime kept (mtime clamped to ``SOURCE_DATE_EPOCH``
when given, whole seconds), no atime/ctime, empty user/group names, hardlinks inside the layer
written as tar hardlinks to the first name in sort order, xattrs kept except overlay's own and
SELinux labels.  The tar is hashed (diff_id) and gzip-compressed (no file name, mtime 0, blocks
deflated on all cores by :mod:`stagebuild.image.pgzip`) in one pass straight into the content
store: no copy of the layer is held in memory or on disk.

Reading: :func:`unpack_layer` extracts a layer once into ``root/snapshots/<diff_id hex>/fs`` in
overlay *lower* format (``.wh.NAME`` becomes a 0:0 character device, ``.wh..wh..opq`` the opaque
xattr), through a staging directory renamed into place, so the worker can stack these directories
directly as overlayfs lowerdirs.  When not root, the opaque marker is ``user.overlay.opaque`` and the
overlay must be mounted with ``userxattr``.  :func:`apply_layer` instead applies a layer onto a plain
directory with deletion semantics (the copy-based snapshotter and ``stagebuild run``'s rootfs).

Both readers refuse, naming the layer and the entry: absolute names and ``..`` components, writes
through symlinks that are absolute or climb out of the root, hardlinks to paths outside it, device
nodes (except under ``dev/``, which the runtime covers with its own ``/dev`` and which are skipped),
overlay xattrs smuggled in a layer (dropped), truncated or corrupt tars, and content whose digest is
not the recorded diff_id.

The tar writing uses :mod:`tarfile`; the overlay conversion, ordering and containment checks are
written here because no library does them.
"""

from __future__ import annotations

import collections
import contextlib
import errno
import gzip
import hashlib
import io
import os
import secrets
import shutil
import stat
import tarfile
import zlib
from collections.abc import Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import IO

from stagebuild.image.content import (
    MEDIA_TYPE_DOCKER_LAYER,
    MEDIA_TYPE_DOCKER_LAYER_GZIP,
    MEDIA_TYPE_OCI_LAYER,
    MEDIA_TYPE_OCI_LAYER_GZIP,
    MEDIA_TYPE_OCI_LAYER_ZSTD,
    BlobWriter,
    ContentError,
    ContentStore,
    Descriptor,
    Layer,
    LayerError,
    LayerInfo,
    digest_hex,
)
from stagebuild.image.pgzip import ParallelGzip

WHITEOUT_PREFIX = ".wh."
WHITEOUT_OPAQUE = ".wh..wh..opq"
OVERLAY_OPAQUE_XATTRS = ("trusted.overlay.opaque", "user.overlay.opaque")
# Overlay features that make an upper directory mean more than its plain contents; a layer diff
# taken from such a directory would be wrong, so the worker must mount without them.
_OVERLAY_UNSUPPORTED_XATTRS = ("trusted.overlay.redirect", "trusted.overlay.metacopy")
_DROPPED_XATTR_PREFIXES = ("trusted.overlay.", "user.overlay.", "security.selinux")
_PAX_XATTR = "SCHILY.xattr."
_MAX_SYMLINK_HOPS = 40
_CHUNK = 1 << 20
DEFAULT_GZIP_LEVEL = 6
MAX_EXTENDED_HEADER = 1 << 20
# Deeper trees than any real image has; refusing them keeps every later walk (removal, copying)
# within Python's recursion limit.
MAX_DEPTH = 512


# -- writing -----------------------------------------------------------------------------------------


class _LayerSink:
    """Receives the tar stream: hashes it (diff_id), counts it, gzips it into the blob writer."""

    def __init__(self, blob: BlobWriter, pool: Executor, level: int, workers: int) -> None:
        self._hash = hashlib.sha256()
        self._gzip = ParallelGzip(blob.write, pool, level=level, workers=workers)
        self.size = 0

    def write(self, data: bytes) -> int:
        self._hash.update(data)
        self.size += len(data)
        return self._gzip.write(data)

    def finish(self) -> str:
        self._gzip.close()
        return "sha256:" + self._hash.hexdigest()


@contextlib.contextmanager
def _layer_tar(
    content: ContentStore, compression_level: int
) -> Iterator[tuple[tarfile.TarFile, list[Layer]]]:
    """A tar writer streaming into a new gzip layer blob; the finished :class:`Layer` is appended to
    the yielded list when the block ends."""
    result: list[Layer] = []
    workers = os.cpu_count() or 1
    with content.ingest() as blob, ThreadPoolExecutor(workers, thread_name_prefix="gzip") as pool:
        sink = _LayerSink(blob, pool, compression_level, workers)
        with tarfile.open(fileobj=sink, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
            yield tar, result
        diff_id = sink.finish()
    layer = Layer(Descriptor(MEDIA_TYPE_OCI_LAYER_GZIP, blob.digest, blob.size), diff_id, sink.size)
    content.record_layer_info(blob.digest, LayerInfo(diff_id, sink.size))
    result.append(layer)


def write_layer(
    diff_dir: Path | str,
    content: ContentStore,
    *,
    source_date_epoch: int | None = None,
    compression_level: int = DEFAULT_GZIP_LEVEL,
) -> Layer:
    """Write the overlayfs upper directory ``diff_dir`` as a gzip OCI layer into ``content``.

    >>> layer = write_layer(upper, store, source_date_epoch=0)
    >>> layer.descriptor.media_type
    'application/vnd.oci.image.layer.v1.tar+gzip'
    """
    root = Path(diff_dir)
    if not root.is_dir():
        raise LayerError(f"layer source {root} is not a directory")
    with _layer_tar(content, compression_level) as (tar, result):
        _TreeWriter(root, tar, source_date_epoch).write_tree()
    return result[0]


class _TreeWriter:
    """Walks an upper directory in sorted order and adds one tar entry per file (see module doc)."""

    def __init__(self, root: Path, tar: tarfile.TarFile, source_date_epoch: int | None) -> None:
        self.root = root
        self.tar = tar
        self.epoch = source_date_epoch
        self.first_link: dict[tuple[int, int], str] = {}

    def write_tree(self) -> None:
        """Every entry under the root, depth first as ``filepath.Walk`` goes (a directory's entry,
        then its contents), each directory's entries sorted by name bytes."""
        stack = [("", self._sorted_names(""))]
        while stack:
            rel_dir, names = stack[-1]
            name = next(names, None)
            if name is None:
                stack.pop()
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if self._write_entry(rel, os.path.join(self.root, rel)):
                stack.append((rel, self._sorted_names(rel)))

    def _sorted_names(self, rel_dir: str) -> Iterator[str]:
        try:
            return iter(sorted(os.listdir(os.path.join(self.root, rel_dir)), key=os.fsencode))
        except OSError as exc:
            raise LayerError(f"layer source {self.root}: {rel_dir}: {exc.strerror or exc}") from exc

    def _write_entry(self, rel: str, path: str) -> bool:
        """Write one entry; whether it is a directory to descend into."""
        try:
            st = os.lstat(path)
            if not stat.S_ISDIR(st.st_mode):
                self._write_non_dir(rel, path, st)
                return False
            self.tar.addfile(self._header(rel, path, st), None)
            if self._is_opaque(path):
                self.tar.addfile(self._marker(f"{rel}/{WHITEOUT_OPAQUE}", st), None)
            return True
        except OSError as exc:
            raise LayerError(f"layer source {self.root}: {rel}: {exc.strerror or exc}") from exc

    def _write_non_dir(self, rel: str, path: str, st: os.stat_result) -> None:
        if stat.S_ISCHR(st.st_mode) and st.st_rdev == 0:
            parent, _, base = rel.rpartition("/")
            name = f"{parent}/{WHITEOUT_PREFIX}{base}" if parent else WHITEOUT_PREFIX + base
            self.tar.addfile(self._marker(name, st), None)
            return
        if stat.S_ISSOCK(st.st_mode):
            return  # tar cannot carry sockets; Docker and BuildKit skip them too
        info = self._header(rel, path, st)
        if not stat.S_ISDIR(st.st_mode) and st.st_nlink > 1:
            key = (st.st_dev, st.st_ino)
            first = self.first_link.get(key)
            if first is not None:
                info.type = tarfile.LNKTYPE
                info.linkname = first
                info.size = 0
                info.pax_headers = {}  # the inode's xattrs travel with its first name
                self.tar.addfile(info, None)
                return
            self.first_link[key] = rel
        if info.type == tarfile.REGTYPE:
            with open(path, "rb") as f:
                self.tar.addfile(info, f)
        else:
            self.tar.addfile(info, None)

    def _header(self, rel: str, path: str, st: os.stat_result) -> tarfile.TarInfo:
        info = tarfile.TarInfo(rel)
        mode = st.st_mode
        if stat.S_ISREG(mode):
            info.type, info.size = tarfile.REGTYPE, st.st_size
        elif stat.S_ISDIR(mode):
            info.type = tarfile.DIRTYPE
        elif stat.S_ISLNK(mode):
            info.type, info.linkname = tarfile.SYMTYPE, os.readlink(path)
        elif stat.S_ISFIFO(mode):
            info.type = tarfile.FIFOTYPE
        elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            info.type = tarfile.CHRTYPE if stat.S_ISCHR(mode) else tarfile.BLKTYPE
            info.devmajor, info.devminor = os.major(st.st_rdev), os.minor(st.st_rdev)
        else:
            raise LayerError(f"layer source {self.root}: {rel}: unsupported file type {stat.S_IFMT(mode):o}")
        info.mode = stat.S_IMODE(mode)
        info.uid, info.gid = st.st_uid, st.st_gid
        info.mtime = self._mtime(st)
        info.pax_headers = self._xattrs(rel, path)
        return info

    def _marker(self, name: str, st: os.stat_result) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.type, info.mode = tarfile.REGTYPE, 0o600
        info.uid, info.gid = st.st_uid, st.st_gid
        info.mtime = self._mtime(st)
        return info

    def _mtime(self, st: os.stat_result) -> int:
        mtime = int(st.st_mtime)
        return min(mtime, self.epoch) if self.epoch is not None else mtime

    def _xattrs(self, rel: str, path: str) -> dict[str, str]:
        try:
            names = os.listxattr(path, follow_symlinks=False)
        except OSError as exc:
            if exc.errno in (errno.ENOTSUP, errno.EPERM):
                return {}
            raise
        headers: dict[str, str] = {}
        for name in sorted(names):
            if name.startswith(_OVERLAY_UNSUPPORTED_XATTRS):
                raise LayerError(
                    f"layer source {self.root}: {rel}: has {name}; mount the overlay with "
                    "redirect_dir=off,metacopy=off so the upper directory is a plain diff"
                )
            if name.startswith(_DROPPED_XATTR_PREFIXES):
                continue
            value = os.getxattr(path, name, follow_symlinks=False)
            headers[_PAX_XATTR + name] = value.decode("utf-8", "surrogateescape")
        return headers

    def _is_opaque(self, path: str) -> bool:
        for name in OVERLAY_OPAQUE_XATTRS:
            try:
                if os.getxattr(path, name, follow_symlinks=False) == b"y":
                    return True
            except OSError as exc:
                if exc.errno not in (errno.ENODATA, errno.ENOTSUP, errno.EPERM):
                    raise
        return False


def write_layer_from_tar(
    stream: io.BufferedReader,
    content: ContentStore,
    *,
    source: str,
    source_date_epoch: int | None = None,
    compression_level: int = DEFAULT_GZIP_LEVEL,
) -> Layer:
    """Re-write a root filesystem tarball (plain or gzip; ``docker import``) as an OCI layer.

    Entries keep their order; names lose a leading ``./`` or ``/``; ``..`` components are refused;
    mtimes are clamped to ``source_date_epoch``.  ``source`` names the tarball in errors.
    """
    with _decompressed(stream, source) as plain, _layer_tar(content, compression_level) as (out, result):
        try:
            with tarfile.open(fileobj=plain, mode="r|", tarinfo=_BoundedTarInfo) as src:
                for member in src:
                    name = _clean_name(member.name, source, allow_absolute=True)
                    if name is None:
                        continue
                    member.name = name
                    if member.islnk():
                        link = _clean_name(member.linkname, source, allow_absolute=True)
                        if link is None:
                            raise LayerError(f"{source}: {name}: hardlink to the root directory")
                        member.linkname = link
                    if source_date_epoch is not None:
                        member.mtime = min(int(member.mtime), source_date_epoch)
                    else:
                        member.mtime = int(member.mtime)
                    member.pax_headers = {
                        k: v for k, v in member.pax_headers.items() if k.startswith(_PAX_XATTR)
                    }
                    member.uname = member.gname = ""
                    if member.issparse():
                        member.type = tarfile.REGTYPE  # written out in full
                    out.addfile(member, src.extractfile(member) if member.isreg() else None)
        except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
            raise LayerError(f"{source}: not a readable tar archive: {exc}") from exc
    return result[0]


# -- reading -----------------------------------------------------------------------------------------


class _BoundedTarInfo(tarfile.TarInfo):
    """Refuses extended headers (PAX records, GNU long names) larger than any honest layer needs,
    before :mod:`tarfile` reads them into memory."""

    _EXTENDED_TYPES = (
        tarfile.XHDTYPE,
        tarfile.XGLTYPE,
        tarfile.SOLARIS_XHDTYPE,
        tarfile.GNUTYPE_LONGNAME,
        tarfile.GNUTYPE_LONGLINK,
    )

    def _proc_member(self, tar: tarfile.TarFile) -> tarfile.TarInfo:
        if self.type in self._EXTENDED_TYPES and self.size > MAX_EXTENDED_HEADER:
            raise tarfile.HeaderError(f"oversized extended header ({self.size} bytes) before {self.name!r}")
        return super()._proc_member(tar)  # type: ignore[misc]


class _HashingReader:
    """A read-only stream that hashes everything read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._hash = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self._raw.read(n)
        self._hash.update(data)
        self.size += len(data)
        return data

    def drain(self) -> str:
        while self.read(_CHUNK):
            pass
        return "sha256:" + self._hash.hexdigest()


@contextlib.contextmanager
def _decompressed(
    stream: io.BufferedReader, source: str, media_type: str | None = None
) -> Iterator[IO[bytes]]:
    """The uncompressed tar inside ``stream``, by media type when given, else by magic bytes."""
    head = stream.peek(4)[:4]
    if media_type in (MEDIA_TYPE_OCI_LAYER_ZSTD,) or head == b"\x28\xb5\x2f\xfd":
        raise LayerError(f"{source}: zstd-compressed layers are not supported")
    if media_type in (MEDIA_TYPE_OCI_LAYER_GZIP, MEDIA_TYPE_DOCKER_LAYER_GZIP) or head[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=stream, mode="rb") as gz:
            yield gz  # type: ignore[misc]
    elif media_type in (None, MEDIA_TYPE_OCI_LAYER, MEDIA_TYPE_DOCKER_LAYER) or media_type.endswith(".tar"):
        yield stream
    else:
        raise LayerError(f"{source}: unsupported layer media type {media_type}")


def _layer_name(layer: Layer, image: str | None) -> str:
    return f"image {image}: layer {layer.descriptor.digest}" if image else f"layer {layer.descriptor.digest}"


def snapshot_path(content: ContentStore, diff_id: str) -> Path:
    """Where :func:`unpack_layer` puts (or has put) the layer with this diff_id."""
    return content.root / "snapshots" / digest_hex(diff_id) / "fs"


def unpack_layer(content: ContentStore, layer: Layer, *, image: str | None = None) -> Path:
    """Extract ``layer`` once into ``root/snapshots/<diff_id hex>/fs`` in overlay lower format.

    Returns the directory (usable as an overlayfs lowerdir).  ``image`` names the image in errors.
    """
    target = snapshot_path(content, layer.diff_id)
    if target.is_dir():
        return target
    snapshots = target.parent.parent
    snapshots.mkdir(parents=True, exist_ok=True)
    staging = snapshots / f".staging-{os.getpid()}-{secrets.token_hex(6)}"
    try:
        (staging / "fs").mkdir(parents=True)
        _extract(content, layer, staging / "fs", overlay=True, image=image)
        try:
            os.rename(staging, target.parent)
        except OSError as exc:
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def apply_layer(content: ContentStore, layer: Layer, dest: Path | str, *, image: str | None = None) -> None:
    """Apply ``layer`` onto the plain directory ``dest``: OCI whiteouts delete what lower layers made."""
    _extract(content, layer, Path(dest), overlay=False, image=image)


@contextlib.contextmanager
def open_uncompressed(
    content: ContentStore, layer: Layer, *, image: str | None = None
) -> Iterator[IO[bytes]]:
    """The layer's tar stream, decompressed according to its media type."""
    where = _layer_name(layer, image)
    try:
        blob = content.open(layer.descriptor.digest)
    except ContentError as exc:
        raise LayerError(f"{where}: {exc}") from exc
    with blob, _decompressed(blob, where, layer.descriptor.media_type) as plain:
        yield plain


def _extract(content: ContentStore, layer: Layer, dest: Path, *, overlay: bool, image: str | None) -> None:
    where = _layer_name(layer, image)
    with open_uncompressed(content, layer, image=image) as plain:
        reader = _HashingReader(plain)
        extractor = _Extractor(dest, overlay=overlay, where=where)
        try:
            with tarfile.open(fileobj=reader, mode="r|", tarinfo=_BoundedTarInfo) as tar:  # type: ignore[call-overload]
                for member in tar:
                    extractor.add(member, tar)
            extractor.finish()
            diff_id = reader.drain()
        except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise LayerError(f"{where}: corrupt or truncated layer: {exc}") from exc
    if diff_id != layer.diff_id:
        raise LayerError(f"{where}: content digest {diff_id} does not match diff_id {layer.diff_id}")
    if content.layer_info(layer.descriptor.digest) is None:
        content.record_layer_info(layer.descriptor.digest, LayerInfo(diff_id, reader.size))


def _clean_name(name: str, where: str, *, allow_absolute: bool = False) -> str | None:
    """A tar entry name as a clean relative path, ``None`` for the root itself; refuses escapes."""
    if name.startswith("/") and not allow_absolute:
        raise LayerError(f"{where}: {name}: absolute path in layer")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise LayerError(f"{where}: {name}: path escapes the root ('..')")
    return "/".join(parts) or None


class _Extractor:
    """Materialises tar entries under ``root`` (overlay lower format or plain-directory apply)."""

    def __init__(self, root: Path, *, overlay: bool, where: str) -> None:
        self.root = root
        self.overlay = overlay
        self.where = where
        self.is_root = os.geteuid() == 0
        self.touched: set[str] = set()  # resolved relative paths this layer wrote
        # Relative paths known to be chains of real directories (no symlinks): resolving them again
        # needs no system call.  Emptied whenever anything is removed.
        self.real_dirs: set[str] = {""}
        self.dir_times: list[tuple[str, int]] = []

    def fail(self, name: str, reason: str) -> LayerError:
        return LayerError(f"{self.where}: {name}: {reason}")

    def add(self, member: tarfile.TarInfo, tar: tarfile.TarFile) -> None:
        rel = _clean_name(member.name, self.where)
        if rel is not None and rel.count("/") >= MAX_DEPTH:
            raise self.fail(member.name[:200] + "…", f"nested deeper than {MAX_DEPTH} directories")
        if rel is None:
            if member.isdir():
                self._set_metadata(str(self.root), "", member)
            return
        parent, _, base = rel.rpartition("/")
        try:
            parent_parts = self._resolve(parent.split("/") if parent else [], member.name, create=True)
            parent_rel = "/".join(parent_parts)
            if base == WHITEOUT_OPAQUE:
                self._opaque(parent_rel)
            elif base.startswith(WHITEOUT_PREFIX):
                self._whiteout(parent_rel, base[len(WHITEOUT_PREFIX) :], member.name)
            else:
                self._materialise(member, tar, f"{parent_rel}/{base}" if parent_rel else base)
        except OSError as exc:
            raise self.fail(member.name, exc.strerror or str(exc)) from exc

    def finish(self) -> None:
        for rel, mtime in reversed(self.dir_times):
            with contextlib.suppress(FileNotFoundError):  # removed by a later whiteout
                os.utime(self._abs(rel), (mtime, mtime), follow_symlinks=False)

    def _abs(self, rel: str) -> str:
        return os.path.join(self.root, rel) if rel else str(self.root)

    def _resolve(self, parts: list[str], name: str, *, create: bool) -> list[str]:
        """Resolve directory components inside the root, following symlinks that stay inside it."""
        literal = "/".join(parts)
        if literal in self.real_dirs:
            return parts
        head = literal.rpartition("/")[0]
        known = len(parts) - 1 if head in self.real_dirs else 0  # the usual case: one level below a known dir
        resolved: list[str] = parts[:known]
        pending = collections.deque(parts[known:])
        hops = 0
        while pending:
            comp = pending.popleft()
            if comp in ("", "."):
                continue
            if comp == "..":
                if not resolved:
                    raise self.fail(name, "path escapes the root through a symlink")
                resolved.pop()
                continue
            path = os.path.join(self._abs("/".join(resolved)), comp)
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                if not create:
                    raise self.fail(name, f"{'/'.join([*resolved, comp])} does not exist") from None
                os.mkdir(path, 0o755)
                resolved.append(comp)
                self.touched.add("/".join(resolved))
                if not hops:
                    self.real_dirs.add("/".join(resolved))
                continue
            if stat.S_ISLNK(st.st_mode):
                target = os.readlink(path)
                hops += 1
                if target.startswith("/") or hops > _MAX_SYMLINK_HOPS:
                    raise self.fail(name, f"write through symlink {'/'.join([*resolved, comp])} -> {target}")
                pending.extendleft(reversed(target.split("/")))
                continue
            if not stat.S_ISDIR(st.st_mode):
                raise self.fail(name, f"{'/'.join([*resolved, comp])} is not a directory")
            resolved.append(comp)
            if not hops:
                self.real_dirs.add("/".join(resolved))
        return resolved

    def _remove(self, path: str) -> None:
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return
        self.real_dirs = {""}  # the removed path may have been part of a known chain
        if stat.S_ISDIR(st.st_mode):
            shutil.rmtree(path)
        else:
            os.unlink(path)

    def _whiteout(self, parent_rel: str, name: str, entry: str) -> None:
        if not name or name in (".", ".."):
            raise self.fail(entry, "malformed whiteout")
        rel = f"{parent_rel}/{name}" if parent_rel else name
        if rel in self.touched:
            return  # a whiteout hides lower layers only, never what this layer adds
        path = self._abs(rel)
        if self.overlay:
            self._remove(path)
            os.mknod(path, stat.S_IFCHR | 0o000, os.makedev(0, 0))
        else:
            self._remove(path)

    def _opaque(self, parent_rel: str) -> None:
        path = self._abs(parent_rel)
        if self.overlay:
            try:
                os.setxattr(path, OVERLAY_OPAQUE_XATTRS[0], b"y", follow_symlinks=False)
            except PermissionError:
                os.setxattr(path, OVERLAY_OPAQUE_XATTRS[1], b"y", follow_symlinks=False)
        else:
            self._prune_untouched(parent_rel)

    def _prune_untouched(self, rel_dir: str) -> None:
        for name in os.listdir(self._abs(rel_dir)):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if rel not in self.touched:
                self._remove(self._abs(rel))
            elif os.path.isdir(self._abs(rel)) and not os.path.islink(self._abs(rel)):
                self._prune_untouched(rel)

    def _materialise(self, member: tarfile.TarInfo, tar: tarfile.TarFile, rel: str) -> None:
        path = self._abs(rel)
        if member.ischr() or member.isblk():
            if rel == "dev" or rel.startswith("dev/"):
                return
            raise self.fail(member.name, "device node in layer")
        existing: os.stat_result | None
        try:
            existing = os.lstat(path)
        except FileNotFoundError:
            existing = None
        if member.isdir():
            if existing is not None and not stat.S_ISDIR(existing.st_mode):
                os.unlink(path)
                existing = None
            if existing is None:
                os.mkdir(path, 0o700)
        else:
            if existing is not None:
                self._remove(path)
            if member.isreg():
                self._write_file(path, tar, member)
            elif member.issym():
                os.symlink(member.linkname, path)
            elif member.islnk():
                self._hardlink(member, path)
            elif member.isfifo():
                os.mkfifo(path, 0o600)
            else:
                raise self.fail(member.name, f"unsupported tar entry type {member.type!r}")
        self.touched.add(rel)
        if not member.islnk():
            self._set_metadata(path, rel, member)

    def _write_file(self, path: str, tar: tarfile.TarFile, member: tarfile.TarInfo) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        with os.fdopen(fd, "wb") as out:
            src = tar.extractfile(member)
            if src is not None:
                shutil.copyfileobj(src, out, _CHUNK)

    def _hardlink(self, member: tarfile.TarInfo, path: str) -> None:
        if member.linkname.startswith("/") or ".." in member.linkname.split("/"):
            raise self.fail(member.name, f"hardlink target {member.linkname} escapes the root")
        link = _clean_name(member.linkname, self.where)
        if link is None:
            raise self.fail(member.name, "hardlink to the root directory")
        parent, _, base = link.rpartition("/")
        parts = self._resolve(parent.split("/") if parent else [], member.name, create=False)
        source = os.path.join(self._abs("/".join(parts)), base)
        try:
            st = os.lstat(source)
        except FileNotFoundError:
            raise self.fail(member.name, f"hardlink target {member.linkname} is not in the layer") from None
        if stat.S_ISDIR(st.st_mode):
            raise self.fail(member.name, f"hardlink to directory {member.linkname}")
        os.link(source, path, follow_symlinks=False)

    def _set_metadata(self, path: str, rel: str, member: tarfile.TarInfo) -> None:
        if self.is_root:
            os.lchown(path, member.uid, member.gid)
        for key, value in member.pax_headers.items():
            if not key.startswith(_PAX_XATTR):
                continue
            name = key[len(_PAX_XATTR) :]
            if name.startswith(_DROPPED_XATTR_PREFIXES):
                continue
            try:
                os.setxattr(path, name, value.encode("utf-8", "surrogateescape"), follow_symlinks=False)
            except OSError as exc:
                if exc.errno not in (errno.ENOTSUP, errno.EPERM):
                    raise
        if member.issym():
            with contextlib.suppress(NotImplementedError, OSError):
                os.utime(path, (member.mtime, member.mtime), follow_symlinks=False)
            return
        os.chmod(path, member.mode & 0o7777)
        if member.isdir():
            self.dir_times.append((rel, int(member.mtime)))
        else:
            os.utime(path, (member.mtime, member.mtime), follow_symlinks=False)
