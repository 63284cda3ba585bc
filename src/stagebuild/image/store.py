"""The image store: image names → manifests, OCI image configs and manifests, and garbage collection.

An image is a manifest blob (OCI media types) naming a config blob and layer blobs, all in the
:class:`~stagebuild.image.content.ContentStore`.  Names live in ``root/refs.json``, a map from the
canonical reference (``docker.io/library/busybox:latest``) to a manifest digest, rewritten through
a temporary file and a rename under the store lock, so concurrent builds never lose each other's tags.

The image config is kept as the JSON dict the OCI image spec defines (``architecture``, ``os``,
``created``, ``config`` with ``Env``/``Entrypoint``/``Cmd``/…, ``rootfs.diff_ids``, ``history``);
the helpers below make the changes a Dockerfile step makes, the way BuildKit makes them:

    >>> config = new_config()                      # FROM scratch
    >>> ensure_default_path(config)                # PATH when the base sets none
    >>> add_history(config, created_by="COPY app /app # buildkit", comment=BUILDKIT_COMMENT)
    >>> image = store.commit_image(config, [layer])
    >>> store.tag(image, "app:latest")

Garbage collection (:meth:`ImageStore.prune`) keeps every blob reachable from a tagged image and
every digest written by the build cache: any ``sha256:<hex>`` string in a file under ``root/cache``
counts as a reference, so the cache may use whatever format it likes.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import re
import shutil
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from stagebuild.image.content import (
    INDEX_MEDIA_TYPES,
    MANIFEST_MEDIA_TYPES,
    MEDIA_TYPE_DOCKER_LAYER,
    MEDIA_TYPE_DOCKER_LAYER_GZIP,
    MEDIA_TYPE_OCI_CONFIG,
    MEDIA_TYPE_OCI_LAYER,
    MEDIA_TYPE_OCI_LAYER_GZIP,
    MEDIA_TYPE_OCI_MANIFEST,
    ContentError,
    ContentStore,
    Descriptor,
    Layer,
    Platform,
    write_atomic,
)
from stagebuild.image.reference import InvalidReferenceError, Reference, is_image_id, parse_reference
from stagebuild.record import Record

DEFAULT_PATH_ENV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
BUILDKIT_COMMENT = "buildkit.dockerfile.v0"
_OCI_LAYER_TYPE = {
    MEDIA_TYPE_DOCKER_LAYER_GZIP: MEDIA_TYPE_OCI_LAYER_GZIP,
    MEDIA_TYPE_DOCKER_LAYER: MEDIA_TYPE_OCI_LAYER,
}
_DIGEST_IN_TEXT = re.compile(rb"sha256:([a-f0-9]{64})")
_MAX_JSON_BLOB = 4 << 20  # manifests, indexes and configs are far smaller


class ImageNotFoundError(LookupError):
    """No image by that name, digest or ID in the store."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "image not found"


class Image(Record, eq=False):
    """An image in the store: its manifest (and descriptor) and its parsed config.

    Treat ``manifest`` and ``config`` as read-only; :meth:`editable_config` gives a copy to change.
    """

    descriptor: Descriptor
    manifest: dict[str, Any]
    config: dict[str, Any]

    @property
    def digest(self) -> str:
        """The manifest digest (what ``name@sha256:…`` and registries use)."""
        return self.descriptor.digest

    @property
    def id(self) -> str:
        """The image ID as Docker shows it: the config digest."""
        return str(self.manifest["config"]["digest"])

    @property
    def config_descriptor(self) -> Descriptor:
        return Descriptor.from_dict(self.manifest["config"])

    @property
    def layers(self) -> tuple[Descriptor, ...]:
        return tuple(Descriptor.from_dict(d) for d in self.manifest.get("layers", []))

    @property
    def diff_ids(self) -> list[str]:
        return list(self.config.get("rootfs", {}).get("diff_ids", []))

    @property
    def created(self) -> str | None:
        value = self.config.get("created")
        return str(value) if value else None

    @property
    def platform(self) -> Platform:
        return Platform(
            os=str(self.config.get("os", "linux")),
            architecture=str(self.config.get("architecture", "amd64")),
            variant=self.config.get("variant"),
        )

    @property
    def runtime_config(self) -> dict[str, Any]:
        """The ``config`` section: Env, Entrypoint, Cmd, WorkingDir, User, …"""
        return dict(self.config.get("config") or {})

    def editable_config(self) -> dict[str, Any]:
        return copy.deepcopy(self.config)

    def layer_list(self, content: ContentStore) -> list[Layer]:
        """Layer descriptors paired with their diff_ids (and uncompressed sizes when recorded)."""
        descriptors, diff_ids = self.layers, self.diff_ids
        if len(descriptors) != len(diff_ids):
            raise ContentError(
                f"image {self.digest}: manifest lists {len(descriptors)} layers, "
                f"config {len(diff_ids)} diff_ids"
            )
        out = []
        for desc, diff_id in zip(descriptors, diff_ids, strict=True):
            info = content.layer_info(desc.digest)
            out.append(Layer(desc, diff_id, info.uncompressed_size if info else None))
        return out


class PruneReport(Record):
    blobs_removed: int
    bytes_freed: int
    snapshots_removed: int
    cache_removed: bool


# -- config helpers ----------------------------------------------------------------------------------


def format_timestamp(epoch: float) -> str:
    """RFC 3339 in UTC the way Go marshals ``time.Time`` (``2024-05-01T12:00:00Z``)."""
    when = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    if when.microsecond:
        text += f".{when.microsecond:06d}".rstrip("0")
    return text + "Z"


def build_timestamp(source_date_epoch: int | None = None) -> str:
    """The ``created`` time of a new image or history entry: now, or the fixed SOURCE_DATE_EPOCH."""
    return format_timestamp(source_date_epoch if source_date_epoch is not None else time.time())


def new_config(platform: Platform | None = None) -> dict[str, Any]:
    """The config of an empty image (``FROM scratch``), as BuildKit starts one."""
    platform = platform or Platform(os="linux", architecture="amd64")
    config: dict[str, Any] = {
        "architecture": platform.architecture,
        "os": platform.os,
        "config": {"Env": [f"PATH={DEFAULT_PATH_ENV}"], "WorkingDir": "/"},
        "rootfs": {"type": "layers", "diff_ids": []},
        "history": [],
    }
    if platform.variant:
        config["variant"] = platform.variant
    return config


def ensure_default_path(config: dict[str, Any]) -> None:
    """Add BuildKit's default ``PATH`` to ``config.Env`` when the image sets none (in place)."""
    runtime = config.setdefault("config", {})
    env = runtime.get("Env") or []
    if not any(entry.split("=", 1)[0] == "PATH" for entry in env):
        runtime["Env"] = [*env, f"PATH={DEFAULT_PATH_ENV}"]


def add_history(
    config: dict[str, Any],
    *,
    created_by: str,
    empty_layer: bool = False,
    comment: str | None = None,
    created: str | None = None,
) -> None:
    """Append a history entry (in place); ``empty_layer`` for steps that change only metadata."""
    entry: dict[str, Any] = {"created": created or build_timestamp(), "created_by": created_by}
    if comment:
        entry["comment"] = comment
    if empty_layer:
        entry["empty_layer"] = True
    config.setdefault("history", []).append(entry)


# -- the store ---------------------------------------------------------------------------------------


class ImageStore:
    """Named images over a :class:`ContentStore` at ``root`` (see the module docstring)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.content = ContentStore(self.root)
        self.refs_path = self.root / "refs.json"
        self.cache_dir = self.root / "cache"
        self.snapshots_dir = self.root / "snapshots"

    # -- reading -------------------------------------------------------------------------------------

    def refs(self) -> dict[str, str]:
        """Canonical reference → manifest digest."""
        try:
            data = json.loads(self.refs_path.read_bytes())
        except FileNotFoundError:
            return {}
        except json.JSONDecodeError as exc:
            raise ContentError(f"{self.refs_path}: corrupt tag file: {exc}") from exc
        return {str(k): str(v) for k, v in data.items()}

    def get(self, manifest_digest: str) -> Image:
        """The image whose manifest has this digest."""
        if not self.content.has(manifest_digest):
            raise ImageNotFoundError(f"no image with manifest {manifest_digest}")
        manifest = self.content.read_json(manifest_digest)
        media_type = manifest.get("mediaType", MEDIA_TYPE_OCI_MANIFEST)
        if media_type in INDEX_MEDIA_TYPES or media_type not in MANIFEST_MEDIA_TYPES:
            raise ContentError(f"blob {manifest_digest} is not an image manifest ({media_type})")
        config = self.content.read_json(manifest["config"]["digest"])
        size = self.content.size(manifest_digest)
        return Image(Descriptor(media_type, manifest_digest, size), manifest, config)

    def resolve(self, ref: str | Reference) -> Image:
        """The image a user means by ``ref``: ``name[:tag]``, ``name@digest`` or an image ID (prefix)."""
        text = str(ref)
        parsed: Reference | None
        try:
            parsed = ref if isinstance(ref, Reference) else parse_reference(text)
        except InvalidReferenceError:
            if not is_image_id(text):
                raise
            parsed = None
        if parsed is not None:
            if parsed.digest is not None and self.content.has(parsed.digest):
                return self.get(parsed.digest)
            if parsed.tag is not None and parsed.digest is None:
                digest = self.refs().get(parsed.canonical())
                if digest is not None:
                    return self.get(digest)
        if is_image_id(text):
            return self._by_id(text)
        raise ImageNotFoundError(f"image {text!r} not found in {self.root}")

    def _by_id(self, prefix: str) -> Image:
        hex_prefix = prefix.removeprefix("sha256:")
        matches = {}
        for digest in set(self.refs().values()):
            image = self.get(digest)
            if image.id[7:].startswith(hex_prefix):
                matches[image.id] = image
        if len(matches) > 1:
            raise ImageNotFoundError(f"image ID {prefix!r} is ambiguous ({len(matches)} images)")
        if not matches:
            raise ImageNotFoundError(f"image {prefix!r} not found in {self.root}")
        return next(iter(matches.values()))

    def list_images(self) -> list[tuple[Reference, Image]]:
        """Every tag with its image, sorted by name."""
        return [(parse_reference(name), self.get(digest)) for name, digest in sorted(self.refs().items())]

    def image_size(self, image: Image) -> int:
        """Uncompressed size of the image's layers where recorded, else their compressed size."""
        total = 0
        for desc in image.layers:
            info = self.content.layer_info(desc.digest)
            total += info.uncompressed_size if info else desc.size
        return total

    # -- writing -------------------------------------------------------------------------------------

    def commit_image(
        self,
        config: Mapping[str, Any],
        layers: Sequence[Layer],
        *,
        annotations: Mapping[str, str] | None = None,
    ) -> Image:
        """Write ``config`` (its ``rootfs.diff_ids`` set from ``layers``) and an OCI manifest.

        ``created`` is set to now when missing.  History entries without ``empty_layer`` must be
        as many as the layers, or the image would confuse every tool that reads it.
        """
        full = copy.deepcopy(dict(config))
        full["rootfs"] = {"type": "layers", "diff_ids": [layer.diff_id for layer in layers]}
        full.setdefault("created", build_timestamp())
        history = full.get("history") or []
        with_layer = sum(1 for entry in history if not entry.get("empty_layer"))
        if history and with_layer != len(layers):
            raise ValueError(f"history has {with_layer} entries with a layer but the image has {len(layers)}")
        config_desc = self.content.put_json(MEDIA_TYPE_OCI_CONFIG, full)
        manifest: dict[str, Any] = {
            "schemaVersion": 2,
            "mediaType": MEDIA_TYPE_OCI_MANIFEST,
            "config": config_desc.to_dict(),
            "layers": [self._oci_layer(layer.descriptor).to_dict() for layer in layers],
        }
        if annotations:
            manifest["annotations"] = dict(annotations)
        manifest_desc = self.content.put_json(MEDIA_TYPE_OCI_MANIFEST, manifest)
        return Image(manifest_desc, manifest, full)

    def as_oci(self, image: Image) -> Image:
        """``image`` with an OCI manifest: itself, or (for a Docker schema-2 image pulled from a
        registry) a new OCI manifest over the same config and layer blobs, so the image ID stays."""
        if image.descriptor.media_type == MEDIA_TYPE_OCI_MANIFEST:
            return image
        config = image.config_descriptor
        manifest: dict[str, Any] = {
            "schemaVersion": 2,
            "mediaType": MEDIA_TYPE_OCI_MANIFEST,
            "config": Descriptor(MEDIA_TYPE_OCI_CONFIG, config.digest, config.size).to_dict(),
            "layers": [self._oci_layer(desc).to_dict() for desc in image.layers],
        }
        if image.manifest.get("annotations"):
            manifest["annotations"] = dict(image.manifest["annotations"])
        return Image(self.content.put_json(MEDIA_TYPE_OCI_MANIFEST, manifest), manifest, image.config)

    def _oci_layer(self, desc: Descriptor) -> Descriptor:
        if not self.content.has(desc.digest):
            raise ContentError(f"layer blob {desc.digest} is not in the store")
        media_type = _OCI_LAYER_TYPE.get(desc.media_type, desc.media_type)
        return Descriptor(media_type, desc.digest, desc.size, desc.annotations)

    def tag(self, image: Image | str, ref: str | Reference) -> Reference:
        """Point ``ref`` (a name with a tag) at ``image`` (an Image or a manifest digest)."""
        parsed = ref if isinstance(ref, Reference) else parse_reference(ref)
        if parsed.digest is not None:
            raise InvalidReferenceError(f"cannot tag with a digest reference {ref}")
        digest = image.digest if isinstance(image, Image) else image
        self.get(digest)
        with self.content.lock():
            refs = self.refs()
            if refs.get(parsed.canonical()) != digest:  # a rebuild's unchanged tag costs no fsync
                refs[parsed.canonical()] = digest
                self._write_refs(refs)
        return parsed

    def untag(self, ref: str | Reference) -> str:
        """Remove the tag ``ref``; returns the manifest digest it pointed at."""
        parsed = ref if isinstance(ref, Reference) else parse_reference(ref)
        with self.content.lock():
            refs = self.refs()
            digest = refs.pop(parsed.canonical(), None)
            if digest is None:
                raise ImageNotFoundError(f"no such image: {parsed}")
            self._write_refs(refs)
        return digest

    def _write_refs(self, refs: Mapping[str, str]) -> None:
        data = json.dumps(dict(sorted(refs.items())), indent=2).encode() + b"\n"
        write_atomic(self.refs_path, data)

    # -- garbage collection --------------------------------------------------------------------------

    def prune(self, *, include_cache: bool = False) -> PruneReport:
        """Remove blobs, layer info and snapshots no tag (nor, unless ``include_cache``, cache) needs."""
        with self.content.exclusive_gc(), self.content.lock():
            cache_removed = include_cache and self.cache_dir.exists()
            if cache_removed:
                shutil.rmtree(self.cache_dir)
            cache_digests = self._cache_digests()
            keep = self._reachable(set(self.refs().values()) | cache_digests) | cache_digests
            blobs = bytes_freed = 0
            for digest in list(self.content.digests()):
                if digest not in keep:
                    bytes_freed += self.content.size(digest)
                    self.content.delete(digest)
                    blobs += 1
            snapshots = self._prune_snapshots(keep)
            self._remove_leftovers()
        return PruneReport(blobs, bytes_freed, snapshots, cache_removed)

    def _cache_digests(self) -> set[str]:
        found: set[str] = set()
        if not self.cache_dir.is_dir():
            return found
        for dirpath, _dirs, files in os.walk(self.cache_dir):
            for name in files:
                with open(os.path.join(dirpath, name), "rb") as f:
                    found.update("sha256:" + m.decode() for m in _DIGEST_IN_TEXT.findall(f.read()))
        return found

    def _reachable(self, roots: Iterable[str]) -> set[str]:
        """Every blob digest reachable from ``roots`` (indexes → manifests → config and layers), plus
        the diff_ids of the images reached (so their snapshots are kept)."""
        keep: set[str] = set()
        pending = [d for d in roots if self.content.has(d)]
        while pending:
            digest = pending.pop()
            if digest in keep:
                continue
            keep.add(digest)
            doc = self._json_document(digest)
            if doc is None:
                continue
            children = [m["digest"] for m in doc.get("manifests", []) if isinstance(m, dict)]
            if isinstance(doc.get("config"), dict) and "digest" in doc["config"]:
                children.append(doc["config"]["digest"])
            children += [layer["digest"] for layer in doc.get("layers", []) if isinstance(layer, dict)]
            keep.update(doc.get("rootfs", {}).get("diff_ids", []) if "rootfs" in doc else [])
            pending.extend(c for c in children if self.content.has(c))
        return keep

    def _json_document(self, digest: str) -> dict[str, Any] | None:
        """The blob as a JSON object, or ``None`` for layers and other blobs that are not one
        (recognised from their first byte and size without reading them whole)."""
        if self.content.size(digest) > _MAX_JSON_BLOB:
            return None
        with self.content.open(digest) as f:
            if f.peek(1)[:1] != b"{":
                return None
            try:
                doc = json.loads(f.read())
            except (json.JSONDecodeError, UnicodeDecodeError):
                return None
        return doc if isinstance(doc, dict) else None

    def _prune_snapshots(self, keep_diff_ids: set[str]) -> int:
        removed = 0
        if not self.snapshots_dir.is_dir():
            return 0
        for entry in os.scandir(self.snapshots_dir):
            if re.fullmatch(r"[a-f0-9]{64}", entry.name) and "sha256:" + entry.name not in keep_diff_ids:
                shutil.rmtree(entry.path)
                removed += 1
        return removed

    def _remove_leftovers(self) -> None:
        """Temporary files of writers that died (no build runs while the GC lock is held)."""
        for entry in os.scandir(self.content.ingest_dir):
            os.unlink(entry.path)
        if self.snapshots_dir.is_dir():
            for entry in os.scandir(self.snapshots_dir):
                if entry.name.startswith(".staging-"):
                    shutil.rmtree(entry.path)
