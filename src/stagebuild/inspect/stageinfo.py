"""What a built image records about the stages that made it, for ``stagebuild inspect``.

A multi-stage build ships one image, but the user wants to know what each stage weighed and what
of it reached the final image. The image config cannot carry that without changing what
``docker build`` would produce (its history comments are BuildKit's ``buildkit.dockerfile.v0``),
so the solver records it in the OCI manifest's annotations, which no runtime reads:

* on each **layer descriptor** the solver made:
  ``org.stagebuild.stage`` = the stage (its name, else its index) whose step made the layer, and
  for ``COPY --from=<stage>`` layers ``org.stagebuild.copied-from`` = that source stage;
  layers without ``org.stagebuild.stage`` came with the final stage's base image;
* on the **manifest**: ``org.stagebuild.stages`` = a JSON list, one object per stage built, in
  build order, ``{"name": "builder", "base": "golang:1.19", "size": <bytes>, "layers": <count>}``,
  where ``size`` is the uncompressed size of all of that stage's layers including its base image's
  (what shipping that stage would have cost); and the OCI standard
  ``org.opencontainers.image.base.name`` / ``org.opencontainers.image.base.digest`` for the final
  stage's base.

The solver writes them with :func:`layer_annotations` and :func:`manifest_annotations`; the
reading side is :func:`read_stage_info`.

    >>> layer = layer.with_annotations(layer_annotations("app", copied_from="builder"))
    >>> store.commit_image(config, layers, annotations=manifest_annotations(stages, base="alpine:3"))
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from stagebuild.record import Record

ANNOTATION_STAGE = "org.stagebuild.stage"
ANNOTATION_COPIED_FROM = "org.stagebuild.copied-from"
ANNOTATION_STAGES = "org.stagebuild.stages"
ANNOTATION_BASE_NAME = "org.opencontainers.image.base.name"
ANNOTATION_BASE_DIGEST = "org.opencontainers.image.base.digest"


class StageRecord(Record):
    """One built stage as the manifest records it."""

    name: str
    size: int
    layers: int
    base: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "size": self.size, "layers": self.layers}
        if self.base:
            out["base"] = self.base
        return out


def layer_annotations(stage: str, *, copied_from: str | None = None) -> dict[str, str]:
    """Annotations for a layer descriptor made by a step of ``stage``."""
    out = {ANNOTATION_STAGE: stage}
    if copied_from is not None:
        out[ANNOTATION_COPIED_FROM] = copied_from
    return out


def manifest_annotations(
    stages: Sequence[StageRecord], *, base: str | None = None, base_digest: str | None = None
) -> dict[str, str]:
    """Manifest annotations listing the built stages and the final stage's base image."""
    out = {ANNOTATION_STAGES: json.dumps([stage.to_dict() for stage in stages], separators=(",", ":"))}
    if base:
        out[ANNOTATION_BASE_NAME] = base
    if base_digest:
        out[ANNOTATION_BASE_DIGEST] = base_digest
    return out


def read_stage_info(manifest: Mapping[str, Any]) -> tuple[list[StageRecord], str | None]:
    """The stages a manifest records (empty when it records none) and its base image's name.

    Malformed entries are skipped: the annotation is advisory and an image stays inspectable.
    """
    annotations = manifest.get("annotations") or {}
    stages: list[StageRecord] = []
    try:
        entries = json.loads(annotations.get(ANNOTATION_STAGES) or "[]")
    except json.JSONDecodeError:
        entries = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            stages.append(
                StageRecord(
                    name=str(entry["name"]),
                    size=int(entry["size"]),
                    layers=int(entry.get("layers", 0)),
                    base=entry.get("base"),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return stages, annotations.get(ANNOTATION_BASE_NAME)
