"""Build outputs: parse ``--output type=…,dest=…`` the way ``docker buildx build`` does, and export.

    >>> spec = parse_output("type=oci,dest=out.tar,name=app:1")
    >>> export_image(image, store, spec)

Supported here: ``type=oci`` (an OCI layout; a tar when ``dest`` ends in ``.tar`` or ``tar=true``,
else a directory; ``tar=false`` forces a directory), ``type=docker`` (a docker-archive tar for
``docker load``), ``type=local`` (the image's root filesystem written into a directory, replacing
same-named entries and keeping the rest; a bare ``-o DIR`` means this, as in buildx).
``type=registry`` and ``type=image`` are parsed but pushed or tagged by their own layers, not here.
Names come from ``name=`` (comma-separated inside a quoted field, or repeated) and otherwise from
the build's ``-t`` tags.  Each file output is an :class:`Exporter`, this layer's small interface
(BuildKit's exporters have the same shape); :func:`exporter_for` picks one for a spec.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from stagebuild.export.archive import merged_directory
from stagebuild.export.docker import write_docker_archive
from stagebuild.export.oci import write_oci_layout
from stagebuild.image.layers import apply_layer
from stagebuild.image.reference import parse_reference
from stagebuild.image.store import Image, ImageStore

OUTPUT_TYPES = ("oci", "docker", "local", "registry", "image")
_NEEDS_DEST = ("oci", "docker", "local")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


class OutputSpecError(ValueError):
    """An ``--output`` value that cannot be used; the message says what is wrong."""


@dataclass(frozen=True)
class OutputSpec:
    """One parsed ``--output``: the exporter ``type``, where it writes, under which names."""

    type: str
    dest: Path | None = None
    names: tuple[str, ...] = ()
    tar: bool | None = None
    attrs: Mapping[str, str] = field(default_factory=dict)

    @property
    def as_tar(self) -> bool:
        """Whether an OCI layout goes into a tar file rather than a directory."""
        if self.tar is not None:
            return self.tar
        return self.dest is not None and self.dest.name.endswith(".tar")


def parse_output(text: str) -> OutputSpec:
    """Parse one ``--output`` value; :class:`OutputSpecError` names the bad part."""
    if "=" not in text and "," not in text:
        if not text:
            raise OutputSpecError("empty --output value")
        return OutputSpec(type="local", dest=Path(text))
    try:
        fields = next(csv.reader([text]))
    except csv.Error as exc:
        raise OutputSpecError(f"--output {text!r}: {exc}") from exc
    values: dict[str, str] = {}
    names: list[str] = []
    for item in fields:
        key, sep, value = item.partition("=")
        key = key.strip().lower()
        if not sep:
            raise OutputSpecError(f"--output {text!r}: {item!r} is not key=value")
        if key == "name":
            names.extend(n.strip() for n in value.split(",") if n.strip())
        elif key in values:
            raise OutputSpecError(f"--output {text!r}: {key} given twice")
        else:
            values[key] = value
    out_type = values.pop("type", None)
    if out_type is None:
        raise OutputSpecError(f"--output {text!r}: missing type= (one of {', '.join(OUTPUT_TYPES)})")
    if out_type not in OUTPUT_TYPES:
        raise OutputSpecError(
            f"--output {text!r}: unknown type {out_type!r} (one of {', '.join(OUTPUT_TYPES)})"
        )
    dest = values.pop("dest", None)
    if out_type in _NEEDS_DEST and not dest:
        raise OutputSpecError(f"--output {text!r}: type={out_type} needs dest=PATH")
    if dest == "-":
        raise OutputSpecError(f"--output {text!r}: writing to standard output is not supported")
    tar: bool | None = None
    if "tar" in values:
        tar_text = values.pop("tar").lower()
        if tar_text not in _BOOLEANS:
            raise OutputSpecError(f"--output {text!r}: tar={tar_text!r} is not true or false")
        tar = _BOOLEANS[tar_text]
    for name in names:
        parse_reference(name)  # reject a bad name now, not after the build
    return OutputSpec(out_type, Path(dest) if dest else None, tuple(names), tar, values)


class Exporter(Protocol):
    """Writes an image from the store to ``dest``, outside the store."""

    def export(
        self, image: Image, store: ImageStore, dest: Path, *, names: Sequence[str], mtime: int
    ) -> None: ...


@dataclass(frozen=True)
class OciExporter:
    """An OCI image layout, as a directory or (``as_tar``) a tar file."""

    as_tar: bool

    def export(
        self, image: Image, store: ImageStore, dest: Path, *, names: Sequence[str], mtime: int
    ) -> None:
        oci_image = store.as_oci(image)
        write_oci_layout(oci_image, store.content, dest, names=names, as_tar=self.as_tar, mtime=mtime)


class DockerExporter:
    """A docker-archive tar for ``docker load``."""

    def export(
        self, image: Image, store: ImageStore, dest: Path, *, names: Sequence[str], mtime: int
    ) -> None:
        write_docker_archive(image, store.content, dest, names=names, mtime=mtime)


class LocalExporter:
    """The image's root filesystem, merged into a directory."""

    def export(
        self, image: Image, store: ImageStore, dest: Path, *, names: Sequence[str], mtime: int
    ) -> None:
        with merged_directory(dest) as tmp:
            for layer in image.layer_list(store.content):
                apply_layer(store.content, layer, tmp)


def exporter_for(spec: OutputSpec) -> Exporter:
    """The exporter that writes ``spec``'s type to a path."""
    if spec.type == "oci":
        return OciExporter(spec.as_tar)
    if spec.type == "docker":
        return DockerExporter()
    if spec.type == "local":
        return LocalExporter()
    raise OutputSpecError(f"type={spec.type} outputs are not written by the file exporters")


def export_image(
    image: Image,
    store: ImageStore,
    spec: OutputSpec,
    *,
    default_names: Sequence[str] = (),
    source_date_epoch: int | None = None,
) -> Path:
    """Write ``image`` as ``spec`` says; returns the path written.

    ``default_names`` (the build's ``-t`` tags) name the image when the spec has no ``name=``;
    ``source_date_epoch`` fixes the archive entries' mtime (else 0).
    """
    exporter = exporter_for(spec)
    if spec.dest is None:
        raise OutputSpecError(f"type={spec.type} needs dest=PATH")
    names = list(spec.names or default_names)
    exporter.export(image, store, spec.dest, names=names, mtime=source_date_epoch or 0)
    return spec.dest
