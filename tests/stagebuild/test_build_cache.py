"""The build cache: an unchanged rebuild executes nothing and gives the same image; --no-cache
runs everything again; a context change invalidates only the steps after it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.stagebuild.conftest import (
    BUSYBOX_REF,
    StagebuildRunner,
    requires_runc,
    umoci_unpack,
    write_context,
)

pytestmark = [requires_runc()]

DOCKERFILE = f"""\
FROM {BUSYBOX_REF} AS builder
RUN echo early-ran-$((40+2)) && echo early > /early
COPY input.txt /input.txt
RUN echo late-ran-$((40+3)) && cat /input.txt /early > /late

FROM {BUSYBOX_REF}
COPY --from=builder /late /late
ENV GREETING=hi
"""


def build(run: StagebuildRunner, ctx: Path, dest: Path, *flags: str) -> tuple[str, str]:
    """Build to an OCI layout; returns (plain progress output, manifest digest).

    The RUN steps print ``…-ran-42``: text that only their execution produces, never their name.
    """
    result = run("build", "--progress", "plain", "--output", f"type=oci,dest={dest}", *flags, str(ctx))
    index = json.loads((dest / "index.json").read_text())
    return result.stdout + result.stderr, index["manifests"][0]["digest"]


def step_states(output: str) -> dict[str, str]:
    """Map each step's name to DONE/CACHED, from BuildKit-style plain progress."""
    names = dict(re.findall(r"^#(\d+) (\[.*)$", output, re.M))
    states = dict(re.findall(r"^#(\d+) (DONE|CACHED)\b", output, re.M))
    return {name: states[number] for number, name in names.items() if number in states}


def test_rebuild_executes_nothing_and_gives_the_same_digest(
    stagebuild: StagebuildRunner, tmp_path: Path
) -> None:
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE, "input.txt": "one\n"})
    first, digest1 = build(stagebuild, ctx, tmp_path / "oci1")
    assert "early-ran-42" in first and "late-ran-43" in first

    second, digest2 = build(stagebuild, ctx, tmp_path / "oci2")
    assert "early-ran-42" not in second and "late-ran-43" not in second
    states = step_states(second)
    run_steps = {n: s for n, s in states.items() if "] RUN" in n or "] COPY" in n}
    assert run_steps and set(run_steps.values()) == {"CACHED"}, states
    assert digest1 == digest2


def test_no_cache_executes_every_step(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE, "input.txt": "one\n"})
    build(stagebuild, ctx, tmp_path / "oci1")
    output, _ = build(stagebuild, ctx, tmp_path / "oci2", "--no-cache")
    assert "early-ran-42" in output and "late-ran-43" in output
    assert "CACHED" not in output


def test_context_change_invalidates_only_later_steps(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE, "input.txt": "one\n"})
    build(stagebuild, ctx, tmp_path / "oci1")
    (ctx / "input.txt").write_text("two\n")
    output, _ = build(stagebuild, ctx, tmp_path / "oci2")
    assert "early-ran-42" not in output
    assert "late-ran-43" in output
    states = step_states(output)
    early = next(n for n in states if "early-ran-$((40+2))" in n)
    copy = next(n for n in states if "COPY input.txt" in n)
    assert states[early] == "CACHED"
    assert states[copy] == "DONE"


def test_dockerignored_file_does_not_invalidate(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"FROM {BUSYBOX_REF}\nCOPY . /ctx\nRUN echo copied-$((6*7))\n",
            ".dockerignore": "notes/\n",
            "keep.txt": "keep\n",
            "notes/scratch.txt": "1\n",
        },
    )
    build(stagebuild, ctx, tmp_path / "oci1")
    (ctx / "notes" / "scratch.txt").write_text("2\n")
    output, _ = build(stagebuild, ctx, tmp_path / "oci2")
    assert "copied-42" not in output


def test_copy_link_is_cached_across_a_changed_base(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    dockerfile = f"FROM {BUSYBOX_REF}\nARG V=1\nRUN echo $V > /v\nCOPY --link app.txt /opt/app.txt\n"
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": dockerfile, "app.txt": "app\n"})
    build(stagebuild, ctx, tmp_path / "oci1")
    output, _ = build(stagebuild, ctx, tmp_path / "oci2", "--build-arg", "V=2")
    states = step_states(output)
    run = next(n for n in states if "RUN echo $V" in n)
    link = next(n for n in states if "COPY --link" in n)
    assert states[run] == "DONE" and states[link] == "CACHED"
    rootfs = umoci_unpack(tmp_path / "oci2", tmp_path / "bundle")
    assert (rootfs / "v").read_text() == "2\n"
    assert (rootfs / "opt" / "app.txt").read_text() == "app\n"
    assert (rootfs / "bin" / "busybox").exists()


# What a step that misses needs, and a fully cached rebuild must not load (its time is start-up).
MISS_ONLY_MODULES = {
    "stagebuild.worker.executor",
    "stagebuild.worker.snapshot",
    "stagebuild.worker.users",
    "stagebuild.image.layers",
    "stagebuild.export.outputs",
    "stagebuild.registry.client",
    "stagebuild.solver.remote_cache",
    "httpx",
    "rich",
    "tarfile",
    "gzip",
    "dataclasses",
    "concurrent.futures",
}


def test_cached_rebuild_loads_only_what_a_cache_hit_uses(
    store_root: Path, stagebuild: StagebuildRunner, tmp_path: Path
) -> None:
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE, "input.txt": "one\n"})
    stagebuild("build", "--progress", "quiet", "-t", "cached:1", str(ctx))
    env = {**os.environ, "STAGEBUILD_ROOT": str(store_root)}
    argv = [sys.executable, "-X", "importtime", "-m", "stagebuild", "build", "--progress", "quiet"]
    rebuild = subprocess.run([*argv, "-t", "cached:1", str(ctx)], capture_output=True, text=True, env=env)
    assert rebuild.returncode == 0, rebuild.stderr
    loaded = {line.rpartition("|")[2].strip() for line in rebuild.stderr.splitlines()}
    assert "stagebuild.solver.stage" in loaded  # the listing is what it claims to be
    assert loaded & MISS_ONLY_MODULES == set()
