"""Build cache through a registry: a fresh store (a second CI machine) imports the cache another
build exported and executes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.stagebuild.conftest import BUSYBOX_REF, requires_runc, run_stagebuild, write_context
from tests.stagebuild.registry_server import requires_registry, run_registry

pytestmark = [requires_runc(), requires_registry]

DOCKERFILE = f"""\
FROM {BUSYBOX_REF} AS builder
COPY input.txt /input.txt
RUN echo builder-ran-$((40+2)) && cat /input.txt > /out.txt

FROM {BUSYBOX_REF}
COPY --from=builder /out.txt /out.txt
RUN echo final-ran-$((40+3)) && cp /out.txt /final.txt
"""


def build(root: Path, ctx: Path, layout: Path, *flags: str) -> tuple[str, str]:
    result = run_stagebuild(
        root, "build", "--progress", "plain", "--output", f"type=oci,dest={layout}", *flags, str(ctx)
    )
    digest = json.loads((layout / "index.json").read_text())["manifests"][0]["digest"]
    return result.stderr, digest


def test_fresh_store_gets_hits_from_the_registry(base_images_root: Path, tmp_path: Path) -> None:
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE, "input.txt": "data\n"})
    (tmp_path / "registry").mkdir()
    with run_registry(tmp_path / "registry") as registry:
        ref = f"{registry.host}/team/app:buildcache"
        first_store, second_store = tmp_path / "ci-1", tmp_path / "ci-2"
        for root in (first_store, second_store):
            shutil.copytree(base_images_root, root, symlinks=True)

        output, digest1 = build(
            first_store, ctx, tmp_path / "oci-1", "--cache-to", f"type=registry,ref={ref},mode=max"
        )
        assert "builder-ran-42" in output and "final-ran-43" in output
        assert "exporting cache to" in output

        output, digest2 = build(
            second_store, ctx, tmp_path / "oci-2", "--cache-from", f"type=registry,ref={ref}"
        )
        assert "builder-ran-42" not in output and "final-ran-43" not in output
        assert "importing cache manifest" in output
        assert digest1 == digest2


def test_unreachable_cache_only_costs_time(base_images_root: Path, tmp_path: Path) -> None:
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE, "input.txt": "data\n"})
    root = tmp_path / "store"
    shutil.copytree(base_images_root, root, symlinks=True)
    output, _ = build(root, ctx, tmp_path / "oci", "--cache-from", "type=registry,ref=127.0.0.1:9/none:cache")
    assert "builder-ran-42" in output
