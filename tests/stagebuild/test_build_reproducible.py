"""Reproducible builds: with SOURCE_DATE_EPOCH, the same input on two fresh stores gives the same
manifest digest (mtimes clamped, entries sorted, gzip headers fixed, config times fixed)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.stagebuild.conftest import BUSYBOX_REF, requires_runc, run_stagebuild, write_context

pytestmark = [requires_runc()]

EPOCH = 1_700_000_000
DOCKERFILE = f"""\
FROM {BUSYBOX_REF} AS builder
WORKDIR /src
COPY app.sh .
RUN mkdir -p out && cp app.sh out/app && touch out/stamp && mkdir out/dir
RUN stat -c %Y out/stamp > out/stamp-mtime-seen-by-the-next-step

FROM {BUSYBOX_REF}
COPY --from=builder /src/out /opt/app
ENV MODE=release
CMD ["/opt/app/app"]
"""


def test_same_digest_on_two_fresh_stores(base_images_root: Path, tmp_path: Path) -> None:
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE, "app.sh": "#!/bin/sh\necho app\n"})
    digests, configs = [], []
    for attempt in ("one", "two"):
        root = tmp_path / f"store-{attempt}"
        shutil.copytree(base_images_root, root, symlinks=True)
        os.utime(ctx / "app.sh")  # a fresh checkout: new mtimes everywhere
        layout = tmp_path / f"oci-{attempt}"
        flags = (
            "--progress",
            "quiet",
            "--source-date-epoch",
            str(EPOCH),
            "--output",
            f"type=oci,dest={layout}",
        )
        run_stagebuild(root, "build", *flags, str(ctx))
        index = json.loads((layout / "index.json").read_text())
        digest = index["manifests"][0]["digest"]
        digests.append(digest)
        manifest = json.loads((layout / "blobs" / "sha256" / digest.split(":")[1]).read_text())
        configs.append(
            json.loads((layout / "blobs" / "sha256" / manifest["config"]["digest"].split(":")[1]).read_text())
        )
        time.sleep(1.1)  # so that anything left unclamped would differ
    assert configs[0] == configs[1]
    assert digests[0] == digests[1]
    assert configs[0]["created"] == "2023-11-14T22:13:20Z"
    assert all(entry["created"] <= "2023-11-14T22:13:20Z" for entry in configs[0]["history"])


def _layout_digest(layout: Path) -> str:
    return str(json.loads((layout / "index.json").read_text())["manifests"][0]["digest"])


def test_a_warm_store_gives_the_fresh_store_digest(
    base_images_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI machine whose cache holds layers built without SOURCE_DATE_EPOCH must not reuse them
    (their mtimes are not clamped): the epoch takes part in every step's cache key."""
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE, "app.sh": "#!/bin/sh\necho app\n"})
    warm, fresh = tmp_path / "warm", tmp_path / "fresh"
    for root in (warm, fresh):
        shutil.copytree(base_images_root, root, symlinks=True)
    run_stagebuild(warm, "build", "--progress", "quiet", str(ctx))
    time.sleep(1.1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    digests = []
    for root in (warm, fresh):
        layout = tmp_path / f"oci-{root.name}"
        run_stagebuild(root, "build", "--progress", "quiet", "--output", f"type=oci,dest={layout}", str(ctx))
        digests.append(_layout_digest(layout))
    assert digests[0] == digests[1]
