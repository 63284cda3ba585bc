"""Export an image as a docker-archive tar, the format ``docker save`` writes and ``docker load`` reads.

Layout: ``manifest.json`` (``[{"Config": "<id>.json", "RepoTags": [...], "Layers": [...]}]``), a
``repositories`` file (name → tag → top layer), the config blob as ``<config hex>.json`` (its exact
bytes, so the loaded image keeps its ID) and one directory per layer, named by the layer's diff_id,
holding the *uncompressed* ``layer.tar``, which every version of ``docker load`` accepts.  Layers
are decompressed straight from the store into the archive, and their content is checked against
the diff_id on the way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from stagebuild.export.archive import atomic_tar
from stagebuild.image.content import ContentError, ContentStore, Layer, LayerInfo, digest_hex
from stagebuild.image.layers import open_uncompressed
from stagebuild.image.reference import parse_reference
from stagebuild.image.store import Image

_CHUNK = 1 << 20


class _CheckedReader:
    """Reads a layer's uncompressed tar and checks its digest at the end."""

    def __init__(self, raw: IO[bytes], layer: Layer) -> None:
        self._raw = raw
        self._layer = layer
        self._hash = hashlib.sha256()
        self._left = layer.size or 0

    def read(self, n: int = -1) -> bytes:
        data = self._raw.read(n)
        self._hash.update(data)
        self._left -= len(data)
        if self._left <= 0 and "sha256:" + self._hash.hexdigest() != self._layer.diff_id:
            raise ContentError(f"layer {self._layer.descriptor.digest} does not match its diff_id")
        return data


def _with_size(content: ContentStore, layer: Layer) -> Layer:
    """``layer`` with its uncompressed size, measured (and recorded) when the store does not know it."""
    if layer.size is not None:
        return layer
    size = 0
    with open_uncompressed(content, layer) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
    content.record_layer_info(layer.descriptor.digest, LayerInfo(layer.diff_id, size))
    return Layer(layer.descriptor, layer.diff_id, size)


def docker_manifest(image: Image, names: Sequence[str]) -> list[dict[str, object]]:
    return [
        {
            "Config": digest_hex(image.id) + ".json",
            "RepoTags": [str(parse_reference(name)) for name in names],
            "Layers": [digest_hex(diff_id) + "/layer.tar" for diff_id in image.diff_ids],
        }
    ]


def write_docker_archive(
    image: Image, content: ContentStore, dest: Path, *, names: Sequence[str] = (), mtime: int = 0
) -> None:
    """Write ``image`` tagged ``names`` as a docker-archive tar at ``dest``."""
    layers = [_with_size(content, layer) for layer in image.layer_list(content)]
    repositories: dict[str, dict[str, str]] = {}
    for name in names:
        ref = parse_reference(name)
        if image.diff_ids and ref.tag:
            repositories.setdefault(ref.familiar_name, {})[ref.tag] = digest_hex(image.diff_ids[-1])
    entries: dict[str, Layer | bytes] = {
        "manifest.json": json.dumps(docker_manifest(image, names)).encode(),
        digest_hex(image.id) + ".json": content.read_bytes(image.id),
    }
    if repositories:
        entries["repositories"] = json.dumps(repositories).encode()
    for layer in layers:
        entries[digest_hex(layer.diff_id) + "/layer.tar"] = layer
    with atomic_tar(dest, mtime) as archive:
        for name in sorted(entries):
            item = entries[name]
            if isinstance(item, bytes):
                archive.add_bytes(name, item)
                continue
            with open_uncompressed(content, item) as stream:
                archive.add_stream(name, item.size or 0, _CheckedReader(stream, item))  # type: ignore[arg-type]
