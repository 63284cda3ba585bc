"""Pull images from a registry into the image store, and push them back out.

Pull: the manifest by tag or digest; for an index (OCI index or Docker manifest list) the entry for
the wanted platform (``linux/amd64`` unless told otherwise); then the config and every layer not
already in the store. Each blob is checked against its digest while it streams into the store;
each layer is also decompressed on the way in so its ``diff_id`` is checked against the config's
``rootfs.diff_ids`` and its uncompressed size recorded (``inspect`` and ``images`` need it).

Push: every layer and the config, each first asked about with ``HEAD`` (present: skipped), then
mounted from another repository of the same registry when we know one that has it, else uploaded
(one PUT, or PATCH chunks for big blobs); the manifest last, with its bytes unchanged so its digest
stays the one the store knows.

Where a blob came from is remembered per blob in ``root/distribution-sources/<hex>`` (one
``registry/repository`` a line, like Docker's distribution metadata) and that is what makes a
cross-repository mount possible on the next push.

Artifacts (:func:`push_artifact`, :func:`pull_artifact`, :func:`pull_blobs`) travel the same way:
an OCI manifest whose config is a document of the caller's own media type (the build cache's
records) and whose layers are store blobs, fetched eagerly or later, one by one, when needed.
"""

from __future__ import annotations

import hashlib
import platform as host_platform
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stagebuild.image.content import (
    MEDIA_TYPE_DOCKER_LAYER,
    MEDIA_TYPE_DOCKER_LAYER_GZIP,
    MEDIA_TYPE_OCI_LAYER,
    MEDIA_TYPE_OCI_LAYER_GZIP,
    MEDIA_TYPE_OCI_MANIFEST,
    BlobWriter,
    ContentError,
    Descriptor,
    LayerInfo,
    Platform,
    canonical_json,
    digest_hex,
    write_atomic,
)
from stagebuild.image.reference import Reference, parse_reference
from stagebuild.image.store import Image, ImageStore
from stagebuild.registry.auth import scopes_for
from stagebuild.registry.client import (
    DEFAULT_CHUNK_SIZE,
    DigestMismatchError,
    Manifest,
    RegistryClient,
    RegistryError,
)

Progress = Callable[[str], None]
_PARALLEL_BLOBS = 3
_ARCH_NAMES = {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "ppc64le": "ppc64le", "s390x": "s390x"}


def default_platform() -> Platform:
    """The platform of this machine, as OCI names it (``linux/amd64``)."""
    machine = host_platform.machine()
    return Platform(os="linux", architecture=_ARCH_NAMES.get(machine, machine))


def parse_platform(text: str | None) -> Platform:
    """``linux/arm64/v8`` → Platform; None → this machine's platform."""
    if not text:
        return default_platform()
    parts = text.split("/")
    if len(parts) not in (2, 3) or not all(parts):
        raise ValueError(f"invalid platform {text!r}: want os/arch[/variant], e.g. linux/amd64")
    return Platform(os=parts[0], architecture=parts[1], variant=parts[2] if len(parts) == 3 else None)


def select_platform(index: dict[str, Any], wanted: Platform, where: str) -> Descriptor:
    """The index entry for ``wanted``; an entry without a variant serves any variant."""
    entries = [Descriptor.from_dict(entry) for entry in index.get("manifests") or []]
    candidates = [
        entry
        for entry in entries
        if entry.platform is not None
        and entry.platform.os == wanted.os
        and entry.platform.architecture == wanted.architecture
        and (wanted.variant is None or entry.platform.variant in (None, wanted.variant))
    ]
    if not candidates:
        available = ", ".join(str(entry.platform) for entry in entries if entry.platform) or "none"
        raise RegistryError(f"{where}: no image for platform {wanted} (available: {available})")
    return candidates[0]


@dataclass(frozen=True)
class PullResult:
    reference: Reference
    image: Image
    blobs_fetched: int
    bytes_fetched: int


@dataclass(frozen=True)
class PushResult:
    reference: Reference
    digest: str
    size: int
    uploaded: int
    mounted: int
    skipped: int


class DistributionSources:
    """Which ``registry/repository`` each blob is known to exist in (hints for mounts)."""

    def __init__(self, store_root: Path) -> None:
        self.directory = store_root / "distribution-sources"

    def get(self, digest: str) -> list[str]:
        try:
            return (self.directory / digest_hex(digest)).read_text().split()
        except FileNotFoundError:
            return []

    def add(self, digests: Iterable[str], repository: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        for digest in digests:
            known = self.get(digest)
            if repository not in known:
                text = "\n".join([repository, *known][:16]) + "\n"
                write_atomic(self.directory / digest_hex(digest), text.encode())


def pull_image(
    store: ImageStore,
    reference: Reference | str,
    *,
    platform: Platform | None = None,
    insecure_registries: Iterable[str] = (),
    progress: Progress | None = None,
) -> PullResult:
    """Fetch ``reference`` into the store and tag it (when it has a tag); returns the image."""
    ref = reference if isinstance(reference, Reference) else parse_reference(reference)
    wanted = platform or default_platform()
    report = progress or (lambda _line: None)
    # The lease keeps a concurrent prune from deleting blobs fetched but not yet tagged.
    with store.content.lease(), RegistryClient(ref.domain, insecure_registries=insecure_registries) as client:
        manifest = client.get_manifest(ref.path, ref.digest or ref.tag or "latest")
        if manifest.is_index:
            store.content.put_bytes(manifest.data, manifest.digest)
            chosen = select_platform(manifest.json(), wanted, str(ref))
            manifest = client.get_manifest(ref.path, chosen.digest)
            if manifest.digest != chosen.digest:
                raise DigestMismatchError(
                    f"{ref}: manifest {manifest.digest} is not the {chosen.digest} listed"
                )
        document = _image_manifest(manifest, str(ref))
        config_desc = Descriptor.from_dict(document["config"])
        layers = [Descriptor.from_dict(layer) for layer in document.get("layers") or []]
        fetched: list[int] = []
        if not store.content.has(config_desc.digest):
            with store.content.ingest(config_desc.digest) as writer:
                fetched.append(client.fetch_blob(ref.path, config_desc.digest, writer, config_desc.size))
        config = store.content.read_json(config_desc.digest)
        diff_ids = list((config.get("rootfs") or {}).get("diff_ids") or [])
        if len(diff_ids) != len(layers):
            raise RegistryError(
                f"{ref}: manifest has {len(layers)} layers but config {len(diff_ids)} diff_ids"
            )

        def fetch_layer(layer: Descriptor, diff_id: str) -> int:
            return _fetch_layer(store, client, ref, layer, diff_id, report)

        with ThreadPoolExecutor(_PARALLEL_BLOBS) as pool:
            fetched += pool.map(fetch_layer, layers, diff_ids)
        store.content.put_bytes(manifest.data, manifest.digest)
        image = store.get(manifest.digest)
        if ref.tag is not None:
            store.tag(image, Reference(ref.domain, ref.path, ref.tag))
    DistributionSources(store.root).add(
        [config_desc.digest, *(layer.digest for layer in layers)], f"{ref.domain}/{ref.path}"
    )
    report(f"Digest: {manifest.digest}")
    return PullResult(ref, image, sum(1 for size in fetched if size), sum(fetched))


def push_image(
    store: ImageStore,
    image: Image,
    destination: Reference | str,
    *,
    insecure_registries: Iterable[str] = (),
    chunk_size: int | None = None,
    progress: Progress | None = None,
) -> PushResult:
    """Upload ``image`` to ``destination`` (``host/repo:tag``); returns what was sent."""
    data = store.content.read_bytes(image.digest)
    media_type = image.manifest.get("mediaType") or image.descriptor.media_type
    blobs = [*image.layers, image.config_descriptor]
    return _push(store, destination, blobs, media_type, data, insecure_registries, chunk_size, progress)


@dataclass(frozen=True)
class Artifact:
    """An OCI artifact pulled from a registry: its config document and the blobs it lists."""

    digest: str
    config_media_type: str
    config: bytes
    blobs: tuple[Descriptor, ...]
    annotations: dict[str, str]


def push_artifact(
    store: ImageStore,
    destination: Reference | str,
    *,
    config_media_type: str,
    config: bytes,
    blobs: Sequence[Descriptor],
    annotations: Mapping[str, str] | None = None,
    insecure_registries: Iterable[str] = (),
    progress: Progress | None = None,
) -> PushResult:
    """Upload an OCI artifact: store blobs plus a config document of our own media type.

    This is how a build cache travels through a registry (as BuildKit's ``type=registry`` cache):
    the config describes the records, the blobs are the layers they name.
    """
    config_desc = Descriptor(config_media_type, store.content.put_bytes(config), len(config))
    manifest: dict[str, Any] = {
        "schemaVersion": 2,
        "mediaType": MEDIA_TYPE_OCI_MANIFEST,
        "config": config_desc.to_dict(),
        "layers": [blob.to_dict() for blob in blobs],
    }
    if annotations:
        manifest["annotations"] = dict(annotations)
    data = canonical_json(manifest)
    every_blob = [*blobs, config_desc]
    return _push(
        store, destination, every_blob, MEDIA_TYPE_OCI_MANIFEST, data, insecure_registries, None, progress
    )


def pull_artifact(
    store: ImageStore,
    reference: Reference | str,
    *,
    insecure_registries: Iterable[str] = (),
    progress: Progress | None = None,
    fetch_blobs: bool = True,
) -> Artifact:
    """Fetch an artifact pushed by :func:`push_artifact`: its blobs go into the store (verified).

    With ``fetch_blobs=False`` only the manifest and the config document are fetched; the blobs
    can follow, when wanted, through :func:`pull_blobs`.
    """
    ref = reference if isinstance(reference, Reference) else parse_reference(reference)
    report = progress or (lambda _line: None)
    with store.content.lease(), RegistryClient(ref.domain, insecure_registries=insecure_registries) as client:
        manifest = client.get_manifest(ref.path, ref.digest or ref.tag or "latest")
        document = _image_manifest(manifest, str(ref))
        config_desc = Descriptor.from_dict(document["config"])
        blobs = tuple(Descriptor.from_dict(blob) for blob in document.get("layers") or [])
        if not store.content.has(config_desc.digest):
            with store.content.ingest(config_desc.digest) as writer:
                client.fetch_blob(ref.path, config_desc.digest, writer, config_desc.size)
        if fetch_blobs:
            with ThreadPoolExecutor(_PARALLEL_BLOBS) as pool:
                list(pool.map(lambda blob: _fetch_layer(store, client, ref, blob, None, report), blobs))
    return Artifact(
        digest=manifest.digest,
        config_media_type=config_desc.media_type,
        config=store.content.read_bytes(config_desc.digest),
        blobs=blobs,
        annotations=dict(document.get("annotations") or {}),
    )


def pull_blobs(
    store: ImageStore,
    reference: Reference | str,
    layers: Sequence[tuple[Descriptor, str | None]],
    *,
    insecure_registries: Iterable[str] = (),
    progress: Progress | None = None,
) -> int:
    """Fetch the ``(layer, diff_id)`` blobs the store lacks from the repository of ``reference``;
    each is checked against its digest and, when given, its diff_id. Returns the bytes fetched."""
    ref = reference if isinstance(reference, Reference) else parse_reference(reference)
    report = progress or (lambda _line: None)
    with (
        store.content.lease(),
        RegistryClient(ref.domain, insecure_registries=insecure_registries) as client,
        ThreadPoolExecutor(_PARALLEL_BLOBS) as pool,
    ):
        return sum(pool.map(lambda item: _fetch_layer(store, client, ref, item[0], item[1], report), layers))


def _push(
    store: ImageStore,
    destination: Reference | str,
    blobs: Sequence[Descriptor],
    media_type: str,
    manifest: bytes,
    insecure_registries: Iterable[str],
    chunk_size: int | None,
    progress: Progress | None,
) -> PushResult:
    """Send ``blobs`` (HEAD, else mount, else upload; the last one first and alone so the token
    handshake happens once, not once per thread), then the manifest under the reference's tag."""
    ref = destination if isinstance(destination, Reference) else parse_reference(destination)
    report = progress or (lambda _line: None)
    sources = DistributionSources(store.root)
    counts = {"uploaded": 0, "mounted": 0, "skipped": 0}
    client = RegistryClient(
        ref.domain, insecure_registries=insecure_registries, chunk_size=chunk_size or DEFAULT_CHUNK_SIZE
    )
    with client:
        client.auth.extra_scopes.add(scopes_for(ref.path, ["pull", "push"]))

        def push_blob(blob: Descriptor) -> str:
            short = blob.digest[7:19]
            if client.blob_exists(ref.path, blob.digest):
                report(f"{short}: layer already exists")
                return "skipped"
            for source in sources.get(blob.digest):
                domain, _, repository = source.partition("/")
                mountable = domain == ref.domain and repository != ref.path
                if mountable and client.mount_blob(ref.path, blob.digest, repository):
                    report(f"{short}: mounted from {repository}")
                    return "mounted"
            try:
                size = store.content.size(blob.digest)
            except FileNotFoundError:
                raise ContentError(f"pushing {ref}: blob {blob.digest} is not in the store") from None
            client.upload_blob(ref.path, blob.digest, size, lambda: store.content.open(blob.digest))
            report(f"{short}: pushed {size} bytes")
            return "uploaded"

        outcomes = [push_blob(blobs[-1])]
        with ThreadPoolExecutor(_PARALLEL_BLOBS) as pool:
            outcomes += pool.map(push_blob, blobs[:-1])
        for outcome in outcomes:
            counts[outcome] += 1
        tag = ref.tag or ref.digest or "latest"
        digest = client.put_manifest(ref.path, tag, media_type, manifest)
    sources.add((blob.digest for blob in blobs), f"{ref.domain}/{ref.path}")
    report(f"{tag}: digest: {digest} size: {len(manifest)}")
    return PushResult(ref, digest, len(manifest), **counts)


def _fetch_layer(
    store: ImageStore,
    client: RegistryClient,
    ref: Reference,
    layer: Descriptor,
    diff_id: str | None,
    report: Progress,
) -> int:
    """Fetch one layer unless the store has it; its digest and (when given) its diff_id are checked
    before it is kept, and its diff_id and uncompressed size are recorded."""
    if store.content.has(layer.digest):
        report(f"{layer.digest[7:19]}: already exists")
        return 0
    with store.content.ingest(layer.digest) as writer:
        digester = _DiffDigester(writer, layer.media_type, f"{ref}: layer {layer.digest}")
        size = client.fetch_blob(ref.path, layer.digest, digester, layer.size)
        info = digester.finish()
        if info is not None and diff_id is not None and info.diff_id != diff_id:
            raise DigestMismatchError(
                f"{ref}: layer {layer.digest} uncompresses to {info.diff_id}, "
                f"but the image config says {diff_id}; refusing it"
            )
    if info is not None:
        store.content.record_layer_info(layer.digest, info)
    report(f"{layer.digest[7:19]}: pulled {size} bytes")
    return size


def _image_manifest(manifest: Manifest, where: str) -> dict[str, Any]:
    document = manifest.json()
    if not isinstance(document, dict) or not isinstance(document.get("config"), dict):
        raise RegistryError(f"{where}: {manifest.media_type} manifest {manifest.digest} has no config")
    if document.get("schemaVersion") != 2:
        raise RegistryError(
            f"{where}: manifest schema version {document.get('schemaVersion')} is not supported"
        )
    return document


class _DiffDigester:
    """Passes a layer blob through to the store while hashing its uncompressed tar (the diff_id).

    An inflate error is kept for :meth:`finish`: the blob's digest check, which comes first, says
    more about a tampered blob than zlib does.
    """

    def __init__(self, writer: BlobWriter, media_type: str, where: str) -> None:
        self._writer = writer
        self._where = where
        self._compressed = media_type in (MEDIA_TYPE_OCI_LAYER_GZIP, MEDIA_TYPE_DOCKER_LAYER_GZIP)
        # zstd has no reader in the standard library; non-layer blobs of artifacts have no diff_id.
        self._skipped = not self._compressed and media_type not in (
            MEDIA_TYPE_OCI_LAYER,
            MEDIA_TYPE_DOCKER_LAYER,
        )
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self._hash = hashlib.sha256()
        self._size = 0
        self._error: zlib.error | None = None

    def write(self, data: bytes) -> int:
        self._writer.write(data)
        if self._skipped or self._error is not None:
            return len(data)
        if not self._compressed:
            self._consume(data)
            return len(data)
        pending = data
        try:
            while pending:
                self._consume(self._inflater.decompress(pending))
                if not self._inflater.eof:
                    break
                # gzip allows several members one after another; each needs a fresh inflater.
                pending = self._inflater.unused_data
                self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        except zlib.error as exc:
            self._error = exc
        return len(data)

    def _consume(self, plain: bytes) -> None:
        self._hash.update(plain)
        self._size += len(plain)

    def finish(self) -> LayerInfo | None:
        """The diff_id and uncompressed size, or None for a blob that is no layer we can read."""
        if self._skipped:
            return None
        if self._error is not None:
            raise RegistryError(f"{self._where}: not a valid gzip stream: {self._error}")
        if self._compressed:
            self._consume(self._inflater.flush())
        return LayerInfo("sha256:" + self._hash.hexdigest(), self._size)
