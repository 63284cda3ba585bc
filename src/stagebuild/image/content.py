"""The content-addressed blob store and OCI descriptors.

Every blob (layer, config, manifest, index) lives at ``root/blobs/sha256/<hex>``, named by the
SHA-256 of its bytes.  Writers stream into a temporary file under ``root/ingest`` (same filesystem),
fsync it, check its digest and rename it into place, so a reader never sees a half-written blob and
a build killed at any moment leaves at most a stale temporary file (removed by ``prune``).  Because
a blob's name is its content, two concurrent writers of the same blob are harmless: the second
rename replaces identical bytes.

Two locks make concurrent builds share one store safely:

* :meth:`ContentStore.lock` — an exclusive ``flock`` on ``root/lock`` for short read-modify-write
  sections (the tag file, garbage collection).
* :meth:`ContentStore.lease` — a shared ``flock`` on ``root/gc.lock`` held by a build for its whole
  duration, so that ``prune`` (which takes it exclusively) never deletes blobs a running build has
  written but not yet tagged.

Alongside blobs the store keeps, per compressed layer blob, its ``diff_id`` and uncompressed size
(``root/blobinfo/<hex>.json``, like containerd's ``containerd.io/uncompressed`` label), so exporters
and ``images`` need not decompress layers to learn them.

    >>> store = ContentStore(tmp)
    >>> digest = store.put_bytes(b"hello")
    >>> with store.ingest() as w:
    ...     w.write(b"hel"); w.write(b"lo")
    >>> w.digest == digest
    True
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from stagebuild.record import Record, field

# Media types: OCI first; the Docker schema-2 names are accepted wherever a pulled image may use them.
MEDIA_TYPE_OCI_INDEX = "application/vnd.oci.image.index.v1+json"
MEDIA_TYPE_OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MEDIA_TYPE_OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
MEDIA_TYPE_OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"
MEDIA_TYPE_OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
MEDIA_TYPE_OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd"
MEDIA_TYPE_DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
MEDIA_TYPE_DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
MEDIA_TYPE_DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
MEDIA_TYPE_DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar"
MEDIA_TYPE_DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip"

MANIFEST_MEDIA_TYPES = frozenset({MEDIA_TYPE_OCI_MANIFEST, MEDIA_TYPE_DOCKER_MANIFEST})
INDEX_MEDIA_TYPES = frozenset({MEDIA_TYPE_OCI_INDEX, MEDIA_TYPE_DOCKER_MANIFEST_LIST})

_DIGEST_RE = re.compile(r"sha256:[a-f0-9]{64}")
_GOARCH: dict[str, tuple[str, str | None]] = {
    "x86_64": ("amd64", None),
    "aarch64": ("arm64", None),
    "armv7l": ("arm", "v7"),
    "armv6l": ("arm", "v6"),
    "i686": ("386", None),
    "ppc64le": ("ppc64le", None),
    "s390x": ("s390x", None),
    "riscv64": ("riscv64", None),
}


class ContentError(ValueError):
    """A blob that is missing, malformed or does not match its digest."""


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def digest_hex(digest: str) -> str:
    """The hex part of a ``sha256:`` digest, after checking its form."""
    if not _DIGEST_RE.fullmatch(digest):
        raise ContentError(f"invalid digest {digest!r} (want sha256:<64 hex digits>)")
    return digest[7:]


def canonical_json(value: Any) -> bytes:
    """The bytes stagebuild writes for a JSON document: sorted keys, no spaces, so equal in, equal out."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class Platform(Record):
    """An OCI platform (``linux/amd64``, ``linux/arm/v7``)."""

    os: str
    architecture: str
    variant: str | None = None

    def to_dict(self) -> dict[str, str]:
        out = {"architecture": self.architecture, "os": self.os}
        if self.variant:
            out["variant"] = self.variant
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Platform:
        return cls(os=str(data["os"]), architecture=str(data["architecture"]), variant=data.get("variant"))

    def __str__(self) -> str:
        return "/".join(p for p in (self.os, self.architecture, self.variant) if p)

    @classmethod
    def host(cls) -> Platform:
        """The platform this machine runs, in OCI (GOARCH) names."""
        machine = os.uname().machine
        arch, variant = _GOARCH.get(machine, (machine, None))
        return cls(os="linux", architecture=arch, variant=variant)


class Descriptor(Record):
    """An OCI content descriptor: what a blob is (media type), which (digest) and how big."""

    media_type: str
    digest: str
    size: int
    annotations: Mapping[str, str] | None = field(default=None, hash=False)
    platform: Platform | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"mediaType": self.media_type, "digest": self.digest, "size": self.size}
        if self.annotations:
            out["annotations"] = dict(self.annotations)
        if self.platform is not None:
            out["platform"] = self.platform.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Descriptor:
        try:
            digest = str(data["digest"])
            digest_hex(digest)
            platform = data.get("platform")
            return cls(
                media_type=str(data.get("mediaType", "")),
                digest=digest,
                size=int(data["size"]),
                annotations=dict(data["annotations"]) if data.get("annotations") else None,
                platform=Platform.from_dict(platform) if platform else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ContentError(f"malformed descriptor {dict(data)!r}: {exc}") from exc

    def with_annotations(self, annotations: Mapping[str, str]) -> Descriptor:
        merged = {**(self.annotations or {}), **annotations}
        return Descriptor(self.media_type, self.digest, self.size, merged, self.platform)


class Layer(Record):
    """A layer blob in the content store.

    ``descriptor`` is the compressed blob; ``diff_id`` the sha256 of the uncompressed tar (what the
    image config's ``rootfs.diff_ids`` lists); ``size`` the uncompressed size when known.
    """

    descriptor: Descriptor
    diff_id: str
    size: int | None = None


class LayerError(ValueError):
    """A layer that cannot be written or extracted; the message names the layer and the path."""


class LayerInfo(Record):
    """What the store knows about a compressed layer blob without reading it."""

    diff_id: str
    uncompressed_size: int


class BlobWriter:
    """A blob being written: feed :meth:`write`, and on a clean exit of :meth:`ContentStore.ingest`
    the blob is verified and committed; ``digest`` and ``size`` are then set."""

    def __init__(self, file: BinaryIO, expected: str | None) -> None:
        self._file = file
        self._hash = hashlib.sha256()
        self._expected = expected
        self.size = 0
        self.digest = ""

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._hash.update(data)
        self._file.write(data)
        self.size += len(data)
        return len(data)

    def _finish(self) -> str:
        self.digest = "sha256:" + self._hash.hexdigest()
        if self._expected is not None and self.digest != self._expected:
            raise ContentError(f"digest mismatch: expected {self._expected}, got {self.digest}")
        return self.digest


class _FileLock:
    """An ``flock`` held on a file while the context is open."""

    def __init__(self, path: Path, operation: int) -> None:
        self._path = path
        self._operation = operation
        self._fd = -1

    def __enter__(self) -> _FileLock:
        self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(self._fd, self._operation)
        except BaseException:
            os.close(self._fd)
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        os.close(self._fd)  # closing the only descriptor releases the flock


class StoreBusyError(Exception):
    """The store is in use by another process in a way that conflicts with the request."""


class ContentStore:
    """Content-addressed blobs under ``root`` (see the module docstring for layout and locking)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.blobs_dir = self.root / "blobs" / "sha256"
        self.ingest_dir = self.root / "ingest"
        self.info_dir = self.root / "blobinfo"
        for d in (self.blobs_dir, self.ingest_dir, self.info_dir):
            d.mkdir(parents=True, exist_ok=True)

    # -- locking -------------------------------------------------------------------------------------

    def lock(self) -> _FileLock:
        """Exclusive store lock for short read-modify-write sections."""
        return _FileLock(self.root / "lock", fcntl.LOCK_EX)

    def lease(self) -> _FileLock:
        """Shared lease a build holds while it creates blobs that are not yet referenced by a tag."""
        return _FileLock(self.root / "gc.lock", fcntl.LOCK_SH)

    @contextlib.contextmanager
    def exclusive_gc(self) -> Iterator[None]:
        """Held by garbage collection: fails at once if any build holds a :meth:`lease`."""
        try:
            with _FileLock(self.root / "gc.lock", fcntl.LOCK_EX | fcntl.LOCK_NB):
                yield
        except BlockingIOError as exc:
            raise StoreBusyError(f"a build is using the store {self.root}; try again when it ends") from exc

    # -- reading -------------------------------------------------------------------------------------

    def path(self, digest: str) -> Path:
        return self.blobs_dir / digest_hex(digest)

    def has(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def read_bytes(self, digest: str) -> bytes:
        try:
            return self.path(digest).read_bytes()
        except FileNotFoundError:
            raise ContentError(f"blob {digest} not found in {self.blobs_dir}") from None

    def read_json(self, digest: str) -> Any:
        try:
            return json.loads(self.read_bytes(digest))
        except json.JSONDecodeError as exc:
            raise ContentError(f"blob {digest} is not valid JSON: {exc}") from exc

    def open(self, digest: str) -> io.BufferedReader:
        try:
            return self.path(digest).open("rb")
        except FileNotFoundError:
            raise ContentError(f"blob {digest} not found in {self.blobs_dir}") from None

    def size(self, digest: str) -> int:
        return self.path(digest).stat().st_size

    def digests(self) -> Iterator[str]:
        for entry in os.scandir(self.blobs_dir):
            if _DIGEST_RE.fullmatch("sha256:" + entry.name):
                yield "sha256:" + entry.name

    # -- writing -------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def ingest(self, expected: str | None = None) -> Iterator[BlobWriter]:
        """Stream a blob in; committed (fsynced, verified, renamed) when the block ends without error.

        With ``expected`` the digest must match or :class:`ContentError` is raised and nothing is kept.
        """
        tmp = self.ingest_dir / f"{os.getpid()}-{os.urandom(8).hex()}"
        try:
            with tmp.open("xb") as f:
                writer = BlobWriter(f, expected)
                yield writer
                f.flush()
                os.fsync(f.fileno())
            digest = writer._finish()
            os.rename(tmp, self.path(digest))
            _fsync_dir(self.blobs_dir)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def put_bytes(self, data: bytes, expected: str | None = None) -> str:
        digest = sha256_digest(data)
        if expected is not None and expected != digest:
            raise ContentError(f"digest mismatch: expected {expected}, got {digest}")
        if not self.has(digest):
            with self.ingest(digest) as w:
                w.write(data)
        return digest

    def put_json(self, media_type: str, value: Any) -> Descriptor:
        data = canonical_json(value)
        return Descriptor(media_type, self.put_bytes(data), len(data))

    def delete(self, digest: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(digest).unlink()
        with contextlib.suppress(FileNotFoundError):
            (self.info_dir / (digest_hex(digest) + ".json")).unlink()

    # -- layer info ----------------------------------------------------------------------------------

    def record_layer_info(self, digest: str, info: LayerInfo) -> None:
        path = self.info_dir / (digest_hex(digest) + ".json")
        write_atomic(path, canonical_json({"diff_id": info.diff_id, "size": info.uncompressed_size}))

    def layer_info(self, digest: str) -> LayerInfo | None:
        path = self.info_dir / (digest_hex(digest) + ".json")
        try:
            data = json.loads(path.read_bytes())
            return LayerInfo(diff_id=str(data["diff_id"]), uncompressed_size=int(data["size"]))
        except (FileNotFoundError, json.JSONDecodeError, KeyError, ValueError):
            return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary sibling, fsync and rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        with tmp.open("xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, path)
        _fsync_dir(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as exc:  # some filesystems refuse fsync on directories; the rename still happened
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)
