"""Export an image as an OCI image layout: a directory, or a tar of one.

The layout (image-spec ``image-layout.md``) is an ``oci-layout`` file, an ``index.json`` whose
entries point at the image manifest, and the blobs under ``blobs/sha256/``.  Each name the image is
exported under becomes one index entry annotated as BuildKit does: ``org.opencontainers.image.ref.name``
holds the tag (what ``skopeo inspect oci:DIR:TAG`` and ``umoci --image DIR:TAG`` select) and
``io.containerd.image.name`` the full name.  Without a name the entry is tagged ``latest``.

    >>> write_oci_layout(image, store.content, Path("out"), names=["app:1"])          # directory
    >>> write_oci_layout(image, store.content, Path("out.tar"), names=["app:1"], as_tar=True)
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stagebuild.export.archive import atomic_directory, atomic_tar
from stagebuild.image.content import MEDIA_TYPE_OCI_INDEX, ContentStore, canonical_json, digest_hex
from stagebuild.image.reference import DEFAULT_TAG, parse_reference
from stagebuild.image.store import Image

ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name"
ANNOTATION_IMAGE_NAME = "io.containerd.image.name"
OCI_LAYOUT_FILE = {"imageLayoutVersion": "1.0.0"}


def layout_index(image: Image, names: Sequence[str]) -> dict[str, Any]:
    """The ``index.json`` document for ``image`` exported under ``names``."""
    entries = []
    wanted: list[str | None] = list(names) or [None]
    for name in wanted:
        if name is None:
            annotations = {ANNOTATION_REF_NAME: DEFAULT_TAG}
        else:
            ref = parse_reference(name)
            annotations = {
                ANNOTATION_IMAGE_NAME: ref.canonical(),
                ANNOTATION_REF_NAME: ref.tag or DEFAULT_TAG,
            }
        entries.append(image.descriptor.with_annotations(annotations).to_dict())
    return {"schemaVersion": 2, "mediaType": MEDIA_TYPE_OCI_INDEX, "manifests": entries}


def image_blobs(image: Image) -> list[str]:
    """Every blob digest the image needs (manifest, config, layers), once each, sorted."""
    digests = {image.digest, image.config_descriptor.digest}
    digests.update(layer.digest for layer in image.layers)
    return sorted(digests)


def write_oci_layout(
    image: Image,
    content: ContentStore,
    dest: Path,
    *,
    names: Sequence[str] = (),
    as_tar: bool = False,
    mtime: int = 0,
) -> None:
    """Write ``image`` as an OCI layout at ``dest`` (a directory, or a tar with ``as_tar``)."""
    index = canonical_json(layout_index(image, names))
    layout = canonical_json(OCI_LAYOUT_FILE)
    if as_tar:
        with atomic_tar(dest, mtime) as archive:
            archive.add_dir("blobs")
            archive.add_dir("blobs/sha256")
            for digest in image_blobs(image):
                with content.open(digest) as blob:
                    archive.add_stream(f"blobs/sha256/{digest_hex(digest)}", content.size(digest), blob)
            archive.add_bytes("index.json", index)
            archive.add_bytes("oci-layout", layout)
        return
    with atomic_directory(dest, replaceable=lambda d: (d / "oci-layout").is_file()) as tmp:
        blobs = tmp / "blobs" / "sha256"
        blobs.mkdir(parents=True)
        for digest in image_blobs(image):
            shutil.copyfile(content.path(digest), blobs / digest_hex(digest))
        (tmp / "index.json").write_bytes(index)
        (tmp / "oci-layout").write_bytes(layout)
