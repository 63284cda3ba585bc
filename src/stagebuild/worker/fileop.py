"""COPY and ADD with Docker's semantics, and the content digest of what they read.

``copy_files(src_root, dest_root, request)`` copies from a source root (the build context after
``.dockerignore``, another stage's root filesystem, an image's) into a destination root the way
BuildKit's file operation does:

- sources are relative to the source root (``..`` cannot leave it) and may hold Go
  ``filepath.Match`` wildcards (``*`` and ``?`` never cross ``/``, ``[a-z]``, ``[^a]``, ``\\``
  escapes); a wildcard matching nothing copies nothing, a plain path that is missing is an error
  naming it; the source path itself is followed when it is a symlink, links inside a copied
  directory stay links;
- a directory source copies its *contents*; a file source lands in ``dest`` when ``dest`` ends
  in ``/`` or is an existing directory, else it becomes ``dest``; several sources need a ``dest``
  that ends in ``/`` (or is a directory);
- ``dest`` is relative to WORKDIR; missing parents are created (mode 0755, or ``--chmod``'s mode,
  owned by root or by ``--chown``'s user); symlinks in the destination are followed inside it;
- owners are kept, except that the build context's files become root's (its owners are the
  builder's, not the image's) and ``--chown`` (names resolved in the destination's
  ``/etc/passwd``/``/etc/group``) sets every copied entry; ``--chmod`` (octal) sets every copied
  entry's mode, directories included, as BuildKit does; modification times, xattrs and hard
  links within one copy are kept;
- ADD extracts a local tar archive (plain, gzip, bzip2, xz) into ``dest`` instead of copying it,
  chroot-style (links resolve inside ``dest``); ADD of an http(s) URL downloads it with httpx
  (mode 0600, the mtime from Last-Modified, never extracted), and an unreachable URL is an error
  naming it.

``digest_sources(src_root, patterns)`` hashes what those sources would copy: paths, types, modes,
owners, link targets, hard-link groups, xattrs and contents, but not modification times.  Like
BuildKit's context checksums, leaving mtimes out lets a fresh checkout (every mtime new) hit the
cache; the price, the same as BuildKit's, is that a file whose mtime alone changed keeps its old
mtime in the cached layer.  File contents are hashed once and remembered by inode, size, mtime and
ctime in an optional ``DigestCache``, so digesting an unchanged tree reads no file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import re
import shutil
import stat
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from stagebuild.record import Record
from stagebuild.worker.fsops import (
    HardlinkMap,
    Ownership,
    copy_metadata,
    create_node,
    read_xattrs,
    remove_path,
)
from stagebuild.worker.paths import container_path, scoped_join

if TYPE_CHECKING:
    import tarfile

DOWNLOAD_MODE = 0o600
"""Files ADD downloads get this mode (BuildKit's HTTP source)."""

DOWNLOAD_TIMEOUT = 30.0
UNNAMED_DOWNLOAD = "__unnamed__"
_CHUNK = 1 << 20


class FileOpError(Exception):
    """A COPY/ADD that cannot be done; the message names the source or destination path."""


class PathFilter(Protocol):
    """Which source paths are hidden (``dockerfile.dockerignore.ContextFilter`` is one)."""

    has_exceptions: bool

    def excluded(self, relpath: str) -> bool: ...


class CopyRequest(Record):
    """One COPY or ADD, its words already expanded."""

    sources: tuple[str, ...]
    dest: str
    workdir: str = "/"
    chown: str | None = None
    chmod: str | None = None
    add: bool = False
    """ADD: local archives are extracted, http(s) URLs downloaded."""

    @property
    def instruction(self) -> str:
        return "ADD" if self.add else "COPY"


# --- wildcards ------------------------------------------------------------------------------


def has_wildcards(path: str) -> bool:
    """Whether ``path`` holds an unescaped ``*``, ``?`` or ``[``."""
    escaped = False
    for char in path:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "*?[":
            return True
    return False


def match_pattern(pattern: str, name: str) -> bool:
    """Go's ``filepath.Match``: whether all of ``name`` matches the shell pattern ``pattern``."""
    return _compile_pattern(pattern).fullmatch(name) is not None


_PATTERN_CACHE: dict[str, re.Pattern[str]] = {}


def _compile_pattern(pattern: str) -> re.Pattern[str]:
    compiled = _PATTERN_CACHE.get(pattern)
    if compiled is not None:
        return compiled
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\":
            i += 1
            if i >= n:
                raise FileOpError(f"syntax error in pattern {pattern!r}")
            out.append(re.escape(pattern[i]))
        elif char == "[":
            i, klass = _character_class(pattern, i + 1)
            out.append(klass)
        else:
            out.append(re.escape(char))
        i += 1
    compiled = re.compile("".join(out), re.DOTALL)
    _PATTERN_CACHE[pattern] = compiled
    return compiled


def _character_class(pattern: str, i: int) -> tuple[int, str]:
    """Translate ``[...]`` starting after the ``[`` at ``i``; returns the index of its ``]``."""
    n = len(pattern)
    parts = ["[^" if i < n and pattern[i] == "^" else "["]
    if i < n and pattern[i] == "^":
        i += 1
    first = True
    while True:
        if i >= n:
            raise FileOpError(f"syntax error in pattern {pattern!r}: unterminated [")
        if pattern[i] == "]" and not first:
            return i, "".join(parts) + "]"
        low, i = _class_char(pattern, i)
        if i + 1 < n and pattern[i] == "-" and pattern[i + 1] != "]":
            high, i = _class_char(pattern, i + 1)
            if high < low:
                raise FileOpError(f"syntax error in pattern {pattern!r}: bad range")
            parts.append(f"{re.escape(low)}-{re.escape(high)}")
        else:
            parts.append(re.escape(low))
        first = False


def _class_char(pattern: str, i: int) -> tuple[str, int]:
    char = pattern[i]
    if char in "-]" or (char == "\\" and i + 1 >= len(pattern)):
        raise FileOpError(f"syntax error in pattern {pattern!r}")
    if char == "\\":
        return pattern[i + 1], i + 2
    return char, i + 1


# --- resolving sources ----------------------------------------------------------------------


class _Source(Record):
    """One matched source: its path relative to the source root, and the followed host path."""

    relpath: str
    host: Path

    @property
    def name(self) -> str:
        return self.relpath.rpartition("/")[2]


def _clean(path: str) -> str:
    """``path`` relative to the root it lives in: absolute form cleaned, ``..`` stopped at ``/``."""
    return posixpath.normpath("/" + path).lstrip("/")


def _resolve_sources(
    src_root: Path, pattern: str, exclude: PathFilter | None, *, label: str, instruction: str
) -> list[_Source]:
    relpath = _clean(pattern)
    if not has_wildcards(relpath):
        host = scoped_join(src_root, relpath)
        if (
            exclude is not None and relpath and not _visible(src_root, relpath, exclude)
        ) or not os.path.lexists(host):
            raise FileOpError(f'{instruction} failed: "{pattern}": not found in {label}')
        return [_Source(relpath, host)]
    parts = relpath.split("/")
    fixed = next(i for i, part in enumerate(parts) if has_wildcards(part))
    prefix = "/".join(parts[:fixed])
    rest = "/".join(parts[fixed:])
    _compile_pattern(rest)  # a malformed pattern is an error even when nothing is there to match
    base = scoped_join(src_root, prefix)
    depth = len(parts) - fixed
    matches: list[_Source] = []
    for rel in _walk_limited(base, depth):
        if not match_pattern(rest, rel):
            continue
        full = f"{prefix}/{rel}" if prefix else rel
        if exclude is not None and not _visible(src_root, full, exclude):
            continue
        matches.append(_Source(full, scoped_join(src_root, full)))
    return matches


def _walk_limited(base: Path, depth: int, prefix: str = "") -> Iterator[str]:
    """Relative paths under ``base`` down to ``depth`` components (a pattern of N parts matches
    nothing deeper), in lexical order; symlinked directories are not entered."""
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        rel = prefix + entry.name
        yield rel
        if depth > 1 and entry.is_dir(follow_symlinks=False):
            yield from _walk_limited(Path(entry.path), depth - 1, rel + "/")


def _visible(src_root: Path, relpath: str, exclude: PathFilter) -> bool:
    """Whether ``relpath`` is in the filtered tree: not excluded, or a directory re-included below."""
    if not exclude.excluded(relpath):
        return True
    if not exclude.has_exceptions:
        return False
    host = src_root / relpath
    if not host.is_dir() or host.is_symlink():
        return False
    return any(_visible(src_root, f"{relpath}/{name}", exclude) for name in sorted(os.listdir(host)))


# --- copying --------------------------------------------------------------------------------


def parse_chmod(text: str) -> int:
    """The mode of ``--chmod`` (octal, up to 07777)."""
    try:
        mode = int(text, 8)
    except ValueError:
        mode = -1
    if not 0 <= mode <= 0o7777:
        raise FileOpError(
            f"invalid chmod parameter: '{text}'. it should be octal string and between 0 and 07777"
        )
    return mode


def destination_path(dest: str, workdir: str) -> tuple[str, bool]:
    """``dest`` as an absolute clean path, and whether it names a directory (trailing ``/``)."""
    if not dest.startswith("/"):
        if dest in ("", "."):
            dest = "./"
        dest = posixpath.join(workdir or "/", dest)
    is_dir = dest.endswith("/") or dest.endswith("/.")
    return "/" + _clean(dest), is_dir


def copy_files(
    src_root: Path,
    dest_root: Path,
    request: CopyRequest,
    *,
    exclude: PathFilter | None = None,
    reset_owner: bool = False,
    label: str = "the build context",
) -> None:
    """Do ``request`` from ``src_root`` into ``dest_root``.

    ``exclude`` hides source paths (``.dockerignore``); ``reset_owner`` makes copied entries
    root's (the build context); ``label`` names the source in errors.
    """
    import tempfile  # this and the rest of the copying machinery: only when a step runs

    from stagebuild.worker.users import UserLookupError, resolve_owner

    instruction = request.instruction
    dest, dest_names_dir = destination_path(request.dest, request.workdir)
    try:
        owner = resolve_owner(dest_root, request.chown) if request.chown else None
    except UserLookupError as err:
        raise FileOpError(f"{instruction} --chown={request.chown}: {err}") from None
    mode = parse_chmod(request.chmod) if request.chmod else None
    if owner is not None:
        override = Ownership(owner[0], owner[1], mode)
    elif reset_owner:
        override = Ownership(0, 0, mode)
    else:
        override = Ownership(None, None, mode)
    copier = _Copier(dest_root, override)
    with tempfile.TemporaryDirectory(prefix="stagebuild-add-") as scratch:
        sources: list[tuple[Path, _Source]] = []
        for pattern in request.sources:
            if request.add and _is_url(pattern):
                sources.append((Path(scratch), _download(pattern, Path(scratch) / str(len(sources)))))
            else:
                found = _resolve_sources(src_root, pattern, exclude, label=label, instruction=instruction)
                sources.extend((src_root, source) for source in found)
        if len(sources) > 1 and not dest_names_dir and not scoped_join(dest_root, dest).is_dir():
            raise FileOpError(
                f"{instruction}: when copying more than one source file, the destination {request.dest!r} "
                "must be a directory and end with a /"
            )
        for root, source in sources:
            downloaded = root != src_root
            copier.unpack_archives = request.add and not downloaded
            try:
                copier.copy(root, source, dest, dest_names_dir, None if downloaded else exclude)
            except OSError as err:
                where = _describe_path(err.filename, root, dest_root)
                raise FileOpError(
                    f"{instruction} {source.relpath or '.'}: {where}{err.strerror or err}"
                ) from None


def _describe_path(filename: object, src_root: Path, dest_root: Path) -> str:
    """An error's file as the user knows it: in the image, or in the source; never a host path."""
    if not isinstance(filename, str | bytes) or not filename:
        return ""
    path = Path(os.fsdecode(filename))
    if path.is_relative_to(dest_root):
        return f"{container_path(dest_root, path)}: "
    if path.is_relative_to(src_root):
        return f"{path.relative_to(src_root).as_posix()}: "
    return ""


class _Copier:
    def __init__(self, dest_root: Path, override: Ownership) -> None:
        self.dest_root = dest_root
        self.override = override
        self.links: HardlinkMap = {}
        self.src_root = Path("/")
        self.exclude: PathFilter | None = None
        self.unpack_archives = False

    def copy(
        self, src_root: Path, source: _Source, dest: str, dest_names_dir: bool, exclude: PathFilter | None
    ) -> None:
        """Copy one matched source (a tar archive is extracted instead when ``unpack_archives``)."""
        self.src_root, self.exclude = src_root, exclude
        try:
            st = os.stat(source.host)
        except FileNotFoundError:
            raise FileOpError(f'"{source.relpath}": not found (a dangling symlink?)') from None
        dest_host = scoped_join(self.dest_root, dest)
        if self.unpack_archives and stat.S_ISREG(st.st_mode) and _archive_mode(source.host) is not None:
            self._mkdirs(dest_host)
            _extract_archive(source.host, dest_host, self.override, self._mkdirs)
            return
        if stat.S_ISDIR(st.st_mode):
            if os.path.lexists(dest_host) and not dest_host.is_dir():
                raise FileOpError(
                    f"cannot copy to non-directory: {container_path(self.dest_root, dest_host)}"
                )
            self._mkdirs(dest_host)
            self._copy_children(source.host, dest_host, source.relpath)
            os.utime(dest_host, ns=(st.st_atime_ns, st.st_mtime_ns))
            return
        if dest_names_dir or dest_host.is_dir():
            self._mkdirs(dest_host)
            target = dest_host / source.name
        else:
            self._mkdirs(dest_host.parent)
            target = dest_host
        self._copy_node(source.host, target, os.stat(source.host))

    def _mkdirs(self, path: Path) -> None:
        """Create ``path`` and its missing parents the way BuildKit's MkdirAll does."""
        missing = []
        probe = path
        while not os.path.lexists(probe):
            missing.append(probe)
            probe = probe.parent
        if not probe.is_dir():
            raise FileOpError(
                f"cannot create {container_path(self.dest_root, path)}: a parent is not a directory"
            )
        mode = 0o755 if self.override.mode is None else self.override.mode
        for directory in reversed(missing):
            directory.mkdir()
            os.chmod(directory, mode)
            if self.override.uid is not None:
                os.chown(
                    directory, self.override.uid, self.override.gid if self.override.gid is not None else 0
                )

    def _copy_children(self, src_dir: Path, dst_dir: Path, relpath: str) -> None:
        for name in sorted(os.listdir(src_dir)):
            rel = f"{relpath}/{name}" if relpath else name
            src, dst = src_dir / name, dst_dir / name
            if self.exclude is not None and not _visible(self.src_root, rel, self.exclude):
                continue
            st = os.lstat(src)
            if stat.S_ISDIR(st.st_mode):
                try:
                    existing = os.lstat(dst)
                except FileNotFoundError:
                    dst.mkdir()
                else:
                    if not stat.S_ISDIR(existing.st_mode):
                        raise FileOpError(
                            f"cannot copy to non-directory: {container_path(self.dest_root, dst)}"
                        )
                self._copy_children(src, dst, rel)
                copy_metadata(src, dst, st, self.override)
            else:
                self._copy_node(src, dst, st)

    def _copy_node(self, src: Path, dst: Path, st: os.stat_result) -> None:
        try:
            existing = os.lstat(dst)
        except FileNotFoundError:
            pass
        else:
            if stat.S_ISDIR(existing.st_mode):
                raise FileOpError(
                    f"cannot replace directory {container_path(self.dest_root, dst)} with a file"
                )
            os.unlink(dst)
        if not create_node(src, dst, st, self.links):
            copy_metadata(src, dst, st, self.override)


# --- ADD: archives and URLs -----------------------------------------------------------------


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _archive_mode(path: Path) -> str | None:
    """The ``tarfile`` mode that reads ``path`` when it is a tar archive (plain or compressed)."""
    import tarfile  # ADD of a local file: a cache hit never opens archives

    try:
        with tarfile.open(path, "r:*") as tar:
            if tar.next() is None:
                return None
            return "r:*"
    except (tarfile.TarError, EOFError, OSError, ValueError):
        return None


def _extract_archive(archive: Path, dest: Path, override: Ownership, mkdirs: _MkdirAll) -> None:
    """Extract ``archive`` into ``dest`` as if chrooted there (BuildKit's ``chrootarchive.Untar``)."""
    import tarfile  # as in _archive_mode

    directories: list[tuple[Path, tarfile.TarInfo]] = []
    with tarfile.open(archive, "r:*") as tar:
        for member in tar:
            name = _clean(member.name)
            if not name:
                continue
            target = scoped_join(dest, name, follow_last=False)
            mkdirs(target.parent)
            try:
                existing: os.stat_result | None = os.lstat(target)
            except FileNotFoundError:
                existing = None
            if existing is not None and not (member.isdir() and stat.S_ISDIR(existing.st_mode)):
                remove_path(target)
                existing = None
            if member.isdir():
                if existing is None:
                    target.mkdir()
                directories.append((target, member))
                continue
            if member.isreg():
                source = tar.extractfile(member)
                assert source is not None
                with source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out, _CHUNK)
            elif member.issym():
                os.symlink(member.linkname, target)
            elif member.islnk():
                os.link(scoped_join(dest, _clean(member.linkname), follow_last=False), target)
                continue
            elif member.ischr() or member.isblk() or member.isfifo():
                kind = stat.S_IFCHR if member.ischr() else stat.S_IFBLK if member.isblk() else stat.S_IFIFO
                os.mknod(target, kind | 0o600, os.makedev(member.devmajor, member.devminor))
            else:
                continue
            _apply_member_metadata(target, member, override)
    for target, member in reversed(directories):
        _apply_member_metadata(target, member, override)


class _MkdirAll(Protocol):
    def __call__(self, path: Path) -> None: ...


def _apply_member_metadata(target: Path, member: tarfile.TarInfo, override: Ownership) -> None:
    uid = member.uid if override.uid is None else override.uid
    gid = member.gid if override.gid is None else override.gid
    os.chown(target, uid, gid, follow_symlinks=False)
    if not member.issym():
        os.chmod(target, member.mode & 0o7777)
    for key, value in member.pax_headers.items():
        if key.startswith("SCHILY.xattr."):
            with contextlib.suppress(OSError):
                os.setxattr(
                    target, key.removeprefix("SCHILY.xattr."), value.encode("utf-8", "surrogateescape")
                )
    mtime_ns = int(member.mtime * 1_000_000_000)
    os.utime(target, ns=(mtime_ns, mtime_ns), follow_symlinks=False)


def _download(url: str, directory: Path) -> _Source:
    """Fetch ``url`` into ``directory``; the file is named after the URL's last path segment."""
    import email.utils  # with the HTTP client: only ADD of a URL needs them

    import httpx

    name = posixpath.basename(urllib.parse.urlsplit(url).path) or UNNAMED_DOWNLOAD
    if name in (".", ".."):
        name = UNNAMED_DOWNLOAD
    directory.mkdir()
    target = directory / name
    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=DOWNLOAD_TIMEOUT) as response:
            if response.status_code >= 400:
                raise FileOpError(
                    f"ADD {url}: the server answered {response.status_code} {response.reason_phrase}"
                )
            with open(target, "wb") as out:
                for chunk in response.iter_bytes(_CHUNK):
                    out.write(chunk)
            last_modified = response.headers.get("last-modified")
    except httpx.HTTPError as err:
        raise FileOpError(f"ADD {url}: cannot download: {err}") from None
    os.chmod(target, DOWNLOAD_MODE)
    if last_modified:
        with contextlib.suppress(TypeError, ValueError):
            mtime = email.utils.parsedate_to_datetime(last_modified).timestamp()
            os.utime(target, (mtime, mtime))
    return _Source(name, target)


# --- digests --------------------------------------------------------------------------------


class DigestCache:
    """Content digests of files, remembered by (device, inode, size, mtime, ctime) across runs.

    A file changed within ``RACY_SECONDS`` of being hashed is not remembered: its timestamps
    could still equal those of a later change (git's "racy clean" problem).
    """

    RACY_SECONDS = 2.0

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, list[object]] = {}
        self._dirty = False
        with contextlib.suppress(FileNotFoundError, ValueError):
            self._entries = json.loads(path.read_text())

    def file_digest(self, host: Path, st: os.stat_result) -> str:
        key = str(host)
        stamp: list[object] = [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        cached = self._entries.get(key)
        if cached is not None and cached[:5] == stamp:
            return str(cached[5])
        digest = _hash_file(host)
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > self.RACY_SECONDS * 1e9:
            self._entries[key] = [*stamp, digest]
            self._dirty = True
        return digest

    def save(self) -> None:
        """Write the cache (to a temporary name, then renamed) when it learnt something."""
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self._entries))
        os.replace(temporary, self.path)
        self._dirty = False


def _hash_file(host: Path) -> str:
    digest = hashlib.sha256()
    with open(host, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def digest_sources(
    src_root: Path,
    patterns: Sequence[str],
    *,
    exclude: PathFilter | None = None,
    reset_owner: bool = False,
    cache: DigestCache | None = None,
    label: str = "the build context",
) -> str:
    """``sha256:…`` of everything ``patterns`` select under ``src_root`` (see the module docstring).

    A URL (ADD) is downloaded and its content hashed, as BuildKit's HTTP source does, so a file
    that changed on the server invalidates the cache; an unreachable URL is an error naming it.
    A plain source that does not exist is an error, as it is for the copy.
    """
    digest = hashlib.sha256()
    for pattern in patterns:
        digest.update(b"pattern\0" + pattern.encode("utf-8", "surrogateescape") + b"\0")
        inodes: dict[tuple[int, int], str] = {}
        if _is_url(pattern):
            import tempfile  # only a URL is fetched to be hashed

            with tempfile.TemporaryDirectory(prefix="stagebuild-digest-") as scratch:
                fetched = _download(pattern, Path(scratch) / "download")
                st = os.lstat(fetched.host)
                _digest_entry(digest, fetched.host, st, fetched.name, True, None, inodes)
            continue
        for source in _resolve_sources(src_root, pattern, exclude, label=label, instruction="COPY"):
            digest.update(b"source\0" + source.relpath.encode("utf-8", "surrogateescape") + b"\0")
            try:
                st = os.stat(source.host)
            except FileNotFoundError:
                raise FileOpError(f'"{source.relpath}": not found (a dangling symlink?)') from None
            _digest_entry(digest, source.host, st, "", reset_owner, cache, inodes)
            if stat.S_ISDIR(st.st_mode):
                for rel, host, child_st in _walk_visible(src_root, source.host, source.relpath, exclude):
                    _digest_entry(digest, host, child_st, rel, reset_owner, cache, inodes)
    if cache is not None:
        cache.save()
    return "sha256:" + digest.hexdigest()


def _walk_visible(
    src_root: Path, directory: Path, relpath: str, exclude: PathFilter | None, prefix: str = ""
) -> Iterator[tuple[str, Path, os.stat_result]]:
    for name in sorted(os.listdir(directory)):
        rel = f"{relpath}/{name}" if relpath else name
        host = directory / name
        if exclude is not None and not _visible(src_root, rel, exclude):
            continue
        st = os.lstat(host)
        yield prefix + name, host, st
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_visible(src_root, host, rel, exclude, prefix + name + "/")


def _digest_entry(
    digest: hashlib._Hash,
    host: Path,
    st: os.stat_result,
    rel: str,
    reset_owner: bool,
    cache: DigestCache | None,
    inodes: dict[tuple[int, int], str],
) -> None:
    owner = (0, 0) if reset_owner else (st.st_uid, st.st_gid)
    fields: list[object] = [rel, stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), *owner]
    if stat.S_ISLNK(st.st_mode):
        fields.append(os.readlink(host))
    elif stat.S_ISREG(st.st_mode):
        if st.st_nlink > 1:
            first = inodes.setdefault((st.st_dev, st.st_ino), rel)
            fields.append(f"link:{first}" if first != rel else "")
        fields.append(cache.file_digest(host, st) if cache is not None else _hash_file(host))
    elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        fields.append(st.st_rdev)
    xattrs = read_xattrs(host)
    fields.append(sorted((name, value.hex()) for name, value in xattrs.items()))
    digest.update(json.dumps(fields).encode("utf-8", "surrogateescape") + b"\n")
