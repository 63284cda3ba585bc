"""Deletions in a RUN step become OCI whiteouts that umoci applies: a deleted file, a deleted
directory, and a directory replaced by a new one (an opaque directory)."""

from __future__ import annotations

import gzip
import json
import tarfile
from pathlib import Path

import pytest

from tests.stagebuild.conftest import (
    BUSYBOX_REF,
    StagebuildRunner,
    export_oci,
    requires_runc,
    umoci_unpack,
    write_context,
)

pytestmark = [requires_runc()]

DOCKERFILE = f"""\
FROM {BUSYBOX_REF}
RUN mkdir -p /gone/sub /replaced /kept && echo x > /gone/sub/f && echo y > /file-gone \\
 && echo old > /replaced/old && echo k > /kept/k
RUN rm /file-gone && rm -rf /gone /replaced && mkdir /replaced && echo new > /replaced/new
"""


def last_layer_names(layout: Path) -> list[str]:
    index = json.loads((layout / "index.json").read_text())
    blobs = layout / "blobs" / "sha256"
    manifest = json.loads((blobs / index["manifests"][0]["digest"].split(":")[1]).read_text())
    layer = blobs / manifest["layers"][-1]["digest"].split(":")[1]
    with gzip.open(layer) as raw, tarfile.open(fileobj=raw, mode="r|") as tar:
        return [member.name.removeprefix("./").rstrip("/") for member in tar]


def test_deletions_are_whiteouts_in_the_unpacked_image(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE})
    layout = export_oci(stagebuild, ctx, tmp_path / "oci")

    names = last_layer_names(layout)
    assert ".wh.file-gone" in names
    assert ".wh.gone" in names
    assert "replaced/.wh..wh..opq" in names or ".wh.replaced" in names
    assert "replaced/new" in names

    rootfs = umoci_unpack(layout, tmp_path / "bundle")
    assert not (rootfs / "file-gone").exists()
    assert not (rootfs / "gone").exists()
    assert sorted(p.name for p in (rootfs / "replaced").iterdir()) == ["new"]
    assert (rootfs / "replaced" / "new").read_text() == "new\n"
    assert (rootfs / "kept" / "k").read_text() == "k\n"
    assert not any(p.name.startswith(".wh.") for p in rootfs.rglob("*"))


def test_copy_snapshotter_gives_the_same_result(
    stagebuild: StagebuildRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGEBUILD_SNAPSHOTTER", "copy")
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE})
    result = stagebuild(
        "build", "--progress", "plain", "--output", f"type=oci,dest={tmp_path / 'oci'}", str(ctx)
    )
    assert "snapshotter: copy" in result.stderr
    rootfs = umoci_unpack(tmp_path / "oci", tmp_path / "bundle")
    assert not (rootfs / "file-gone").exists() and not (rootfs / "gone").exists()
    assert sorted(p.name for p in (rootfs / "replaced").iterdir()) == ["new"]
    assert (rootfs / "kept" / "k").read_text() == "k\n"
