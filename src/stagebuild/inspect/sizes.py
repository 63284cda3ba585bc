"""Where an image's bytes are: per layer (with the instruction that made it), per stage, per file.

Layer sizes: the compressed size is the manifest descriptor's; the uncompressed size is what the
store recorded when the layer was written or pulled, else it is measured once by decompressing the
blob (and then recorded). The instruction is the config history entry of that layer: history
entries without ``empty_layer`` correspond, in order, to the layers.

Stage sizes come from the annotations described in :mod:`stagebuild.inspect.stageinfo`: each
layer names its stage (and, for ``COPY --from``, the stage it copied from), and the manifest lists
every stage built with its total size, so the summary shows what each builder stage weighed next to
what of it reached the final image.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import os
import stat
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from stagebuild.image.content import (
    MEDIA_TYPE_DOCKER_LAYER,
    MEDIA_TYPE_DOCKER_LAYER_GZIP,
    MEDIA_TYPE_OCI_LAYER,
    MEDIA_TYPE_OCI_LAYER_GZIP,
    ContentError,
    ContentStore,
    Descriptor,
    LayerInfo,
)
from stagebuild.image.store import Image
from stagebuild.inspect.stageinfo import ANNOTATION_COPIED_FROM, ANNOTATION_STAGE, read_stage_info

BASE_IMAGE = "(base image)"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class LayerSize:
    index: int
    digest: str
    compressed: int
    uncompressed: int
    created_by: str
    stage: str | None
    copied_from: str | None


@dataclass(frozen=True)
class StageSize:
    """One stage: its whole size when recorded, and the bytes of the final image it accounts for."""

    name: str
    size: int | None
    in_final: int
    layers_in_final: int
    base: str | None = None


@dataclass(frozen=True)
class FileSize:
    path: str
    size: int


def uncompressed_size(content: ContentStore, layer: Descriptor) -> int:
    """The layer's tar size: recorded, or measured now (and recorded for next time)."""
    info = content.layer_info(layer.digest)
    if info is not None:
        return info.uncompressed_size
    compressed = layer.media_type in (MEDIA_TYPE_OCI_LAYER_GZIP, MEDIA_TYPE_DOCKER_LAYER_GZIP)
    if not compressed and layer.media_type not in (MEDIA_TYPE_OCI_LAYER, MEDIA_TYPE_DOCKER_LAYER):
        raise ContentError(f"layer {layer.digest}: cannot read {layer.media_type or 'untyped'} layers")
    digest = hashlib.sha256()
    size = 0
    try:
        with content.open(layer.digest) as blob, gzip.GzipFile(fileobj=blob) if compressed else blob as plain:
            while chunk := plain.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise ContentError(f"layer {layer.digest}: corrupt or truncated: {exc}") from exc
    content.record_layer_info(layer.digest, LayerInfo("sha256:" + digest.hexdigest(), size))
    return size


def layer_sizes(content: ContentStore, image: Image) -> list[LayerSize]:
    """Each layer of ``image`` with its sizes, its history instruction and its stage."""
    history = [entry for entry in image.config.get("history") or [] if not entry.get("empty_layer")]
    out = []
    for index, layer in enumerate(image.layers):
        annotations = layer.annotations or {}
        created_by = str(history[index].get("created_by", "")) if index < len(history) else ""
        out.append(
            LayerSize(
                index=index,
                digest=layer.digest,
                compressed=layer.size,
                uncompressed=uncompressed_size(content, layer),
                created_by=created_by,
                stage=annotations.get(ANNOTATION_STAGE),
                copied_from=annotations.get(ANNOTATION_COPIED_FROM),
            )
        )
    return out


def stage_sizes(image: Image, layers: Sequence[LayerSize]) -> list[StageSize]:
    """Per stage: recorded total size and what reached the final image; [] without stage records.

    A ``COPY --from=builder`` layer counts for ``builder`` (its bytes came from there); layers
    without a stage annotation count for the final stage's base image.
    """
    records, base_name = read_stage_info(image.manifest)
    if not records and not any(layer.stage for layer in layers):
        return []
    in_final: dict[str, list[int]] = {}
    for layer in layers:
        owner = layer.copied_from or layer.stage or BASE_IMAGE
        in_final.setdefault(owner, []).append(layer.uncompressed)
    rows: list[StageSize] = []
    if BASE_IMAGE in in_final:
        sizes = in_final[BASE_IMAGE]
        rows.append(StageSize(BASE_IMAGE, None, sum(sizes), len(sizes), base=base_name))
    recorded = {record.name for record in records}
    for record in records:
        sizes = in_final.get(record.name, [])
        rows.append(StageSize(record.name, record.size, sum(sizes), len(sizes), base=record.base))
    for name, sizes in in_final.items():
        if name != BASE_IMAGE and name not in recorded:
            rows.append(StageSize(name, None, sum(sizes), len(sizes)))
    return rows


def largest_files(rootfs: Path, count: int = 10) -> list[FileSize]:
    """The ``count`` largest regular files of an unpacked image, largest first."""
    sizes: list[tuple[int, str]] = []
    for directory, _subdirs, files in os.walk(rootfs):
        for name in files:
            path = os.path.join(directory, name)
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode):
                sizes.append((st.st_size, "/" + os.path.relpath(path, rootfs)))
    return [FileSize(path, size) for size, path in heapq.nlargest(count, sizes)]
