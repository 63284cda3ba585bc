"""Build cache through a registry, seen from a second CI machine: hits need no runc, and layers are
pulled only when the build needs their files (the builder stage's never, on a full hit)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from stagebuild.image.content import MEDIA_TYPE_OCI_MANIFEST
from stagebuild.image.store import ImageStore
from tests.stagebuild.conftest import BUSYBOX_REF, requires_runc, run_stagebuild, write_context
from tests.stagebuild.registry_server import LocalRegistry, requires_registry, run_registry

pytestmark = [requires_runc(), requires_registry]

BUILDER = f"""\
FROM {BUSYBOX_REF} AS builder
RUN echo builder-ran-$((40+2)) && head -c 2000000 /dev/urandom > /big.bin && echo small > /small.txt
"""
FINAL = f"""\
FROM {BUSYBOX_REF}
COPY --from=builder /small.txt /small.txt
RUN echo final-ran-$((40+3)) && cp /small.txt /copied.txt
"""
GROWN = 'RUN echo grown-ran-$((40+4)) && echo "$(cat /copied.txt) grown" > /grown.txt\n'


def cache_layers(registry: LocalRegistry, repository: str, tag: str) -> set[str]:
    """The layer digests the cache artifact lists, read straight from the registry."""
    response = httpx.get(
        f"http://{registry.host}/v2/{repository}/manifests/{tag}", headers={"Accept": MEDIA_TYPE_OCI_MANIFEST}
    )
    response.raise_for_status()
    return {layer["digest"] for layer in response.json()["layers"]}


def image_layers(layout: Path) -> tuple[str, set[str]]:
    """The manifest digest of the OCI layout's image and its layer digests."""
    digest = json.loads((layout / "index.json").read_text())["manifests"][0]["digest"]
    manifest = json.loads((layout / "blobs" / "sha256" / digest.removeprefix("sha256:")).read_text())
    return digest, {layer["digest"] for layer in manifest["layers"]}


def build(root: Path, ctx: Path, *flags: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run_stagebuild(root, "build", "--progress=plain", *flags, str(ctx), check=check)


@pytest.fixture
def two_machines(base_images_root: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two stores holding only the base images: CI machine A and CI machine B."""
    roots = tmp_path / "ci-a", tmp_path / "ci-b"
    for root in roots:
        shutil.copytree(base_images_root, root, symlinks=True)
    return roots


def test_second_machine_runs_nothing_and_pulls_only_the_final_layers(
    two_machines: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine_a, machine_b = two_machines
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": BUILDER + FINAL})
    with run_registry(tmp_path) as registry:
        ref = f"{registry.host}/team/app:buildcache"
        built = build(
            machine_a,
            ctx,
            f"--cache-to=type=registry,ref={ref},mode=max",
            f"--output=type=oci,dest={tmp_path / 'oci-a'}",
        )
        assert "builder-ran-42" in built.stderr and "final-ran-43" in built.stderr

        # Machine B cannot run a container at all: any RUN that executed would fail the build.
        no_runc = tmp_path / "empty-bin"
        no_runc.mkdir()
        monkeypatch.setenv("PATH", str(no_runc))
        # B exports the cache back, as every CI run does: layers it never pulled are already there.
        cache_both = (f"--cache-from=type=registry,ref={ref}", f"--cache-to=type=registry,ref={ref},mode=max")
        hit = build(machine_b, ctx, *cache_both, f"--output=type=oci,dest={tmp_path / 'oci-b'}")
        listed = cache_layers(registry, "team/app", "buildcache")

    assert "builder-ran-42" not in hit.stderr and "final-ran-43" not in hit.stderr
    assert "every step came from the cache" in hit.stderr
    digest_a, _ = image_layers(tmp_path / "oci-a")
    digest_b, final_layers = image_layers(tmp_path / "oci-b")
    assert digest_a == digest_b
    content_b = ImageStore(machine_b).content
    builder_only = listed - final_layers
    assert builder_only, "mode=max exports the builder stage's layer too"
    assert not any(content_b.has(digest) for digest in builder_only)
    assert all(content_b.has(digest) for digest in final_layers)


def test_a_new_step_runs_on_layers_pulled_from_the_cache(
    two_machines: tuple[Path, Path], tmp_path: Path
) -> None:
    machine_a, machine_b = two_machines
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": BUILDER + FINAL})
    with run_registry(tmp_path) as registry:
        ref = f"{registry.host}/team/app:buildcache"
        build(machine_a, ctx, f"--cache-to=type=registry,ref={ref},mode=max")
        (ctx / "Dockerfile").write_text(BUILDER + FINAL + GROWN)
        grown = build(machine_b, ctx, f"--cache-from=type=registry,ref={ref}", "-t", "app:b")
    assert "grown-ran-44" in grown.stderr
    assert "builder-ran-42" not in grown.stderr and "final-ran-43" not in grown.stderr
    shown = run_stagebuild(machine_b, "run", "--rm", "app:b", "cat", "/grown.txt")
    assert shown.stdout == "small grown\n"


def test_an_unreadable_cache_layer_fails_the_build_naming_it(
    two_machines: tuple[Path, Path], tmp_path: Path
) -> None:
    machine_a, machine_b = two_machines
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": BUILDER + FINAL})
    with run_registry(tmp_path) as registry:
        ref = f"{registry.host}/team/app:buildcache"
        build(machine_a, ctx, f"--cache-to=type=registry,ref={ref}")
        for digest in cache_layers(registry, "team/app", "buildcache"):
            registry.blob_file(digest).write_bytes(b"tampered")
        failed = build(machine_b, ctx, f"--cache-from=type=registry,ref={ref}", check=False)
    assert failed.returncode == 1
    assert f"pulling cached layers from {ref}" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_a_cache_moves_to_another_registry_through_a_machine_that_never_pulled_it(
    base_images_root: Path, tmp_path: Path
) -> None:
    machines = [tmp_path / name for name in ("ci-a", "ci-b", "ci-c")]
    for root in machines:
        shutil.copytree(base_images_root, root, symlinks=True)
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": BUILDER + FINAL})
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    with run_registry(tmp_path / "old") as old, run_registry(tmp_path / "new") as new:
        old_ref, new_ref = f"{old.host}/team/app:cache", f"{new.host}/team/app:cache"
        build(machines[0], ctx, f"--cache-to=type=registry,ref={old_ref},mode=max")
        moved = build(
            machines[1],
            ctx,
            f"--cache-from=type=registry,ref={old_ref}",
            f"--cache-to=type=registry,ref={new_ref},mode=max",
        )
        assert "builder-ran-42" not in moved.stderr
        assert cache_layers(new, "team/app", "cache") == cache_layers(old, "team/app", "cache")
        reused = build(machines[2], ctx, f"--cache-from=type=registry,ref={new_ref}")
    assert "builder-ran-42" not in reused.stderr and "final-ran-43" not in reused.stderr


def test_a_cache_serves_only_builds_with_its_source_date_epoch(
    two_machines: tuple[Path, Path], tmp_path: Path
) -> None:
    machine_a, machine_b = two_machines
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": BUILDER + FINAL})
    with run_registry(tmp_path) as registry:
        ref = f"{registry.host}/team/app:buildcache"
        build(
            machine_a, ctx, "--source-date-epoch=1700000000", f"--cache-to=type=registry,ref={ref},mode=max"
        )
        other_epoch = build(
            machine_b, ctx, "--source-date-epoch=1700000001", f"--cache-from=type=registry,ref={ref}"
        )
        same_epoch = build(
            machine_b,
            ctx,
            "--source-date-epoch=1700000000",
            f"--cache-from=type=registry,ref={ref}",
        )
    assert "builder-ran-42" in other_epoch.stderr  # its layers' clamped mtimes would be wrong
    assert "builder-ran-42" not in same_epoch.stderr and "final-ran-43" not in same_epoch.stderr


def test_an_unreachable_cache_only_costs_time(base_images_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    shutil.copytree(base_images_root, root, symlinks=True)
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": BUILDER + FINAL})
    built = build(root, ctx, "--cache-from=type=registry,ref=127.0.0.1:9/none:cache")
    assert "builder-ran-42" in built.stderr and "final-ran-43" in built.stderr
