"""Build cache through a registry: ``--cache-to type=registry,ref=…`` and ``--cache-from``.

Like BuildKit's registry cache, the cache travels as an OCI artifact: its config document (media
type ``application/vnd.stagebuild.cache.config.v1+json``) lists cache records (key, layer, time
first made) and its blobs are the layers those records name. ``mode=min`` (the default, as in
BuildKit) exports the records of the layers in the final image; ``mode=max`` those of every step
of the build.

Importing (:class:`RemoteCache`) reads the artifact's records, and the build's steps consult them
when the local cache misses; a layer blob is pulled (verified against its digest and diff_id)
only when the build needs its files. A second CI machine with an empty store executes nothing and
downloads only the layers of the image it produces.

    specs = [parse_cache_spec("type=registry,ref=127.0.0.1:5000/app:cache,mode=max")]
"""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Iterable, Sequence

from stagebuild.image.content import ContentError, Descriptor, Layer
from stagebuild.image.reference import parse_reference
from stagebuild.image.store import ImageStore
from stagebuild.record import Record, asdict
from stagebuild.solver.cache import CachedLayer, CacheRecord

CACHE_CONFIG_MEDIA_TYPE = "application/vnd.stagebuild.cache.config.v1+json"
CACHE_FORMAT = 1


class CacheSpecError(ValueError):
    """A ``--cache-to``/``--cache-from`` value that cannot be used."""


class CacheSpec(Record):
    """One parsed ``--cache-to``/``--cache-from``: the registry reference and the export mode."""

    ref: str
    mode: str = "min"


def parse_cache_spec(text: str) -> CacheSpec:
    """``type=registry,ref=HOST/REPO:TAG[,mode=min|max]``; a bare reference means type=registry."""
    if "=" not in text:
        return CacheSpec(ref=text)
    try:
        fields = next(csv.reader([text]))
    except csv.Error as exc:
        raise CacheSpecError(f"cache option {text!r}: {exc}") from None
    values: dict[str, str] = {}
    for item in fields:
        key, sep, value = item.partition("=")
        if not sep:
            raise CacheSpecError(f"cache option {text!r}: {item!r} is not key=value")
        values[key.strip().lower()] = value.strip()
    kind = values.pop("type", "registry")
    if kind != "registry":
        raise CacheSpecError(f"cache option {text!r}: type={kind} is not supported (only type=registry)")
    ref = values.pop("ref", "")
    if not ref:
        raise CacheSpecError(f"cache option {text!r}: missing ref=HOST/REPO:TAG")
    mode = values.pop("mode", "min")
    if mode not in ("min", "max"):
        raise CacheSpecError(f"cache option {text!r}: mode must be min or max")
    return CacheSpec(ref=ref, mode=mode)


def _record_document(record: CacheRecord, store: ImageStore) -> dict[str, object]:
    document: dict[str, object] = asdict(record)
    if record.layer is not None:
        info = store.content.layer_info(record.layer.digest)
        document["uncompressed_size"] = info.uncompressed_size if info else None
    return document


def export_cache(
    store: ImageStore,
    records: Iterable[CacheRecord],
    spec: CacheSpec,
    *,
    insecure_registries: Sequence[str] = (),
) -> str:
    """Push ``records`` and their layers as a cache artifact to ``spec.ref``; returns its digest."""
    from stagebuild.registry.transfer import push_artifact

    chosen = sorted({r.key: r for r in records if r.layer is not None}.values(), key=lambda r: r.key)
    config = json.dumps(
        {"format": CACHE_FORMAT, "records": [_record_document(r, store) for r in chosen]},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    blobs = {
        r.layer.digest: Descriptor(r.layer.media_type, r.layer.digest, r.layer.size)
        for r in chosen
        if r.layer is not None
    }
    result = push_artifact(
        store,
        spec.ref,
        config_media_type=CACHE_CONFIG_MEDIA_TYPE,
        config=config,
        blobs=[blobs[digest] for digest in sorted(blobs)],
        insecure_registries=insecure_registries,
    )
    return result.digest


class RemoteRecord(Record):
    """A record imported from a registry cache, with what a hit needs before its blob is pulled."""

    record: CacheRecord
    uncompressed_size: int | None


class RemoteCache:
    """The records of the ``--cache-from`` caches; a layer blob is pulled the first time it is needed.

        remote = RemoteCache(store)
        remote.load(parse_cache_spec("type=registry,ref=127.0.0.1:5000/app:cache"))

    Only each cache's manifest and config document are fetched at import. A hit needs no blob (the
    next step's key is made from this step's key, not from its files); a layer is pulled when its
    files are: a step that misses stacks it, ``COPY --from`` reads it, or the final image holds it.
    So a second CI machine whose final stage is cached never downloads the builder stage's layers.
    Where caches disagree about a key, the first one named wins.
    """

    def __init__(self, store: ImageStore, *, insecure_registries: Sequence[str] = ()) -> None:
        self._store = store
        self._insecure_registries = tuple(insecure_registries)
        self._records: dict[str, RemoteRecord] = {}
        self._origin: dict[str, str] = {}  # layer digest -> the cache reference that lists it
        self._fetch_lock = threading.Lock()  # one download of a blob, however many stages want it

    def load(self, spec: CacheSpec) -> int:
        """Read the cache artifact at ``spec.ref``; returns how many records it added."""
        from stagebuild.registry.transfer import DistributionSources, pull_artifact

        artifact = pull_artifact(
            self._store, spec.ref, insecure_registries=self._insecure_registries, fetch_blobs=False
        )
        if artifact.config_media_type != CACHE_CONFIG_MEDIA_TYPE:
            raise CacheSpecError(f"{spec.ref} is not a stagebuild build cache ({artifact.config_media_type})")
        listed = {blob.digest for blob in artifact.blobs}
        added = 0
        try:
            document = json.loads(artifact.config)
            entries = document["records"] if document.get("format") == CACHE_FORMAT else []
            for entry in entries:
                layer = entry.get("layer")
                key = str(entry["key"])
                if layer is None or layer["digest"] not in listed or key in self._records:
                    continue
                record = CacheRecord(key=key, layer=CachedLayer(**layer), created=str(entry["created"]))
                size = entry.get("uncompressed_size")
                self._records[key] = RemoteRecord(record, None if size is None else int(size))
                self._origin.setdefault(layer["digest"], spec.ref)
                added += 1
        except (KeyError, TypeError, ValueError) as exc:
            raise CacheSpecError(f"{spec.ref}: malformed build cache: {exc}") from None
        # Pushing one of these layers elsewhere in that registry can then mount it, pulled or not.
        reference = parse_reference(spec.ref)
        DistributionSources(self._store.root).add(sorted(listed), f"{reference.domain}/{reference.path}")
        return added

    def get(self, key: str) -> RemoteRecord | None:
        """The imported record for ``key``, or None."""
        return self._records.get(key)

    def fetch_for_push(self, records: Iterable[CacheRecord], destination: str) -> None:
        """Pull the layers of ``records`` that a push to ``destination`` could neither skip nor
        mount: those listed by a cache on another registry. (On the same registry the push finds
        them with HEAD, or mounts them from the cache's repository.)"""
        domain = parse_reference(destination).domain
        foreign = []
        for record in records:
            cached = record.layer
            origin = self._origin.get(cached.digest) if cached is not None else None
            if cached is not None and origin is not None and parse_reference(origin).domain != domain:
                descriptor = Descriptor(cached.media_type, cached.digest, cached.size)
                foreign.append(Layer(descriptor, cached.diff_id, None))
        self.fetch(foreign)

    def fetch(self, layers: Sequence[Layer]) -> None:
        """Pull those of ``layers`` that are not in the store from the caches that list them
        (digest and diff_id verified); layers no cache lists are left to the caller."""
        import httpx

        from stagebuild.registry.client import RegistryError
        from stagebuild.registry.transfer import pull_blobs

        with self._fetch_lock:
            wanted: dict[str, list[tuple[Descriptor, str | None]]] = {}
            for layer in layers:
                digest = layer.descriptor.digest
                origin = self._origin.get(digest)
                if origin is not None and not self._store.content.has(digest):
                    wanted.setdefault(origin, []).append((layer.descriptor, layer.diff_id))
            for origin, blobs in wanted.items():
                try:
                    pull_blobs(self._store, origin, blobs, insecure_registries=self._insecure_registries)
                except (RegistryError, httpx.HTTPError) as exc:
                    raise ContentError(f"pulling cached layers from {origin}: {exc}") from None


def records_for_layers(records: Iterable[CacheRecord], layers: Sequence[Layer]) -> list[CacheRecord]:
    """The records whose layer is one of ``layers`` (what ``mode=min`` exports)."""
    wanted = {layer.descriptor.digest for layer in layers}
    return [r for r in records if r.layer is not None and r.layer.digest in wanted]
