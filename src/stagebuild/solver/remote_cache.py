"""Build cache through a registry: ``--cache-to type=registry,ref=…`` and ``--cache-from``.

Like BuildKit's registry cache, the cache travels as an OCI artifact: its config document (media
type ``application/vnd.stagebuild.cache.config.v1+json``) lists cache records (key, layer, time
first made) and its blobs are the layers those records name. ``mode=min`` (the default, as in
BuildKit) exports the records of the layers in the final image; ``mode=max`` those of every step
of the build.

Importing pulls the artifact (every blob verified against its digest) and writes the records
into the local cache, so the build that follows hits them as if it had made them itself: a second
CI machine with an empty store executes nothing.

    specs = [parse_cache_spec("type=registry,ref=127.0.0.1:5000/app:cache,mode=max")]
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from stagebuild.image.content import Descriptor, LayerInfo
from stagebuild.image.layers import Layer
from stagebuild.image.store import ImageStore
from stagebuild.solver.cache import CachedLayer, CacheRecord, CacheStore

CACHE_CONFIG_MEDIA_TYPE = "application/vnd.stagebuild.cache.config.v1+json"
CACHE_FORMAT = 1


class CacheSpecError(ValueError):
    """A ``--cache-to``/``--cache-from`` value that cannot be used."""


@dataclass(frozen=True)
class CacheSpec:
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


def import_cache(
    store: ImageStore, cache: CacheStore, spec: CacheSpec, *, insecure_registries: Sequence[str] = ()
) -> int:
    """Pull the cache artifact at ``spec.ref`` into the store and the local cache; returns how many
    records were imported."""
    from stagebuild.registry.transfer import pull_artifact

    artifact = pull_artifact(store, spec.ref, insecure_registries=insecure_registries)
    if artifact.config_media_type != CACHE_CONFIG_MEDIA_TYPE:
        raise CacheSpecError(f"{spec.ref} is not a stagebuild build cache ({artifact.config_media_type})")
    try:
        document = json.loads(artifact.config)
        entries = document["records"] if document.get("format") == CACHE_FORMAT else []
        imported = 0
        for entry in entries:
            layer = entry.get("layer")
            if layer is None or not store.content.has(layer["digest"]):
                continue
            cached = CachedLayer(**layer)
            if entry.get("uncompressed_size") is not None and store.content.layer_info(cached.digest) is None:
                store.content.record_layer_info(
                    cached.digest, LayerInfo(cached.diff_id, int(entry["uncompressed_size"]))
                )
            cache.put(CacheRecord(key=str(entry["key"]), layer=cached, created=str(entry["created"])))
            imported += 1
    except (KeyError, TypeError, ValueError) as exc:
        raise CacheSpecError(f"{spec.ref}: malformed build cache: {exc}") from None
    return imported


def records_for_layers(records: Iterable[CacheRecord], layers: Sequence[Layer]) -> list[CacheRecord]:
    """The records whose layer is one of ``layers`` (what ``mode=min`` exports)."""
    wanted = {layer.descriptor.digest for layer in layers}
    return [r for r in records if r.layer is not None and r.layer.digest in wanted]
