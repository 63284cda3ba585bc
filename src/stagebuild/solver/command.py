"""``stagebuild build``: parse, plan, solve, then commit, tag, export and check the image.

    stagebuild build -t app:1 --target final --build-arg V=2 --output type=oci,dest=out .

The order of a build: read the Dockerfile (``-f``, default ``CONTEXT/Dockerfile``) and the
``--build-arg`` values; plan the stages the target needs (``graph``); pick the snapshotter
(``--progress plain`` says which) and clean up what a killed build left; solve, holding the store's
lease so a concurrent ``prune`` cannot take blobs not tagged yet; commit the final image (with the
per-stage annotations ``stagebuild inspect`` reads), tag it, write each ``--output``; run the ELF
loader check on the final image's entrypoint (a warning, or an error with ``--check=error``).

Errors name the Dockerfile line and exit 1; a failing RUN's output is shown with its exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.instructions import parse_dockerfile
from stagebuild.graph.stages import BuildGraph, BuildGraphError, outline_dockerfile, plan_build
from stagebuild.image.content import ContentError, Layer, Platform, write_atomic
from stagebuild.image.store import Image, ImageStore
from stagebuild.inspect.stageinfo import StageRecord, manifest_annotations
from stagebuild.solver.progress import PlainProgress, ProgressDisplay, StepRecord, make_progress
from stagebuild.solver.scheduler import BuildOptions, Solver, StageResult
from stagebuild.solver.stage import WORKER_ERRORS
from stagebuild.solver.steps import LayerSteps
from stagebuild.store import default_root
from stagebuild.worker.running import terminate_on_signals

if TYPE_CHECKING:
    from stagebuild.solver.remote_cache import RemoteCache
    from stagebuild.worker.executor import Executor
    from stagebuild.worker.snapshot import CopySnapshotter, OverlaySnapshotter

FAILED_OUTPUT_LINES = 40


class BuildFailed(Exception):
    """A build error already worded for the user."""


def parse_build_args(values: Sequence[str], environ: dict[str, str] | None = None) -> dict[str, str]:
    """``--build-arg K=V`` values; a bare ``K`` takes ``$K`` from the environment, as docker does."""
    environ = dict(os.environ) if environ is None else environ
    result: dict[str, str] = {}
    for item in values:
        key, has_value, value = item.partition("=")
        if not key:
            raise BuildFailed(f"invalid --build-arg {item!r}: expected KEY=VALUE")
        if has_value:
            result[key] = value
        elif key in environ:
            result[key] = environ[key]
    return result


def _stage_records(graph: BuildGraph, results: dict[int, StageResult]) -> list[StageRecord]:
    """What each built stage weighed (its layers, base included), for ``stagebuild inspect``."""
    records = []
    for index in graph.order:
        result = results[index]
        node = graph.nodes[index]
        size = sum(layer.size or 0 for layer in result.layers)
        records.append(StageRecord(node.name or str(index), size, len(result.layers), result.base_name))
    return records


def commit_final(solver: Solver, graph: BuildGraph, target: StageResult) -> Image:
    """The final image: the target's config and layers, annotated with the stages that made them."""
    layers = [
        Layer(layer.descriptor.with_annotations(notes), layer.diff_id, layer.size) if notes else layer
        for layer, notes in zip(target.layers, target.layer_notes, strict=True)
    ]
    results = {index: solver.stage_result(index, 0) for index in graph.order}
    annotations = manifest_annotations(
        _stage_records(graph, results), base=target.base_name, base_digest=target.base_digest
    )
    return solver.store.commit_image(target.config, layers, annotations=annotations)


def _report_failure(progress: ProgressDisplay, error: Exception, out: TextIO) -> None:
    failed = progress.failed_step()
    if failed is not None and not isinstance(progress, PlainProgress):
        tail = failed.lines[-FAILED_OUTPUT_LINES:]
        if tail:
            out.write(f"------\n > {failed.name}:\n")
            out.writelines(f"{line}\n" for line in tail)
            out.write("------\n")
    out.write(f"ERROR: {error}\n")


def _elf_check(solver: Solver, target: StageResult, image: Image, mode: str, out: TextIO) -> bool:
    """Warn (or, with ``--check=error``, fail) when the final image's entrypoint cannot start.

    The verdict is remembered per image digest, so a cached rebuild does not mount the image again.
    """
    if mode == "off":
        return True
    memo = solver.store.root / "worker" / "entrypoint-checks" / image.digest.removeprefix("sha256:")
    try:
        problem = memo.read_text()
    except FileNotFoundError:
        from stagebuild.inspect.elf import check_entrypoint

        with solver.steps.view(target.layers) as rootfs:
            report = check_entrypoint(rootfs, image.config)
        problem = "" if report is None or report.ok else report.explanation()
        memo.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(memo, problem.encode())
    if not problem:
        return True
    level = "ERROR" if mode == "error" else "WARNING"
    out.write(f"{level}: the image's entrypoint cannot start: {problem}\n")
    return mode != "error"


def build(args: argparse.Namespace, out: TextIO) -> int:
    root = Path(args.root) if args.root else default_root()
    context = Path(args.context)
    if not context.is_dir():
        raise BuildFailed(f"build context {context} is not a directory")
    build_args = parse_build_args(args.build_arg)
    if args.file == "-":  # as with docker build -f -: the Dockerfile comes on stdin
        dockerfile_path: Path | None = None
        source: str | bytes | Path = sys.stdin.buffer.read()
        name = "Dockerfile"
    else:
        dockerfile_path = Path(args.file) if args.file else context / "Dockerfile"
        source, name = dockerfile_path, dockerfile_path.name
    dockerfile = parse_dockerfile(
        source, build_args=build_args, filename=name, target_platform=args.platform, target=args.target
    )
    try:
        graph = plan_build(outline_dockerfile(dockerfile), args.target)
    except BuildGraphError as exc:
        raise DockerfileError(exc.message, filename=dockerfile.filename, line=exc.line or None) from None

    store = ImageStore(root)
    worker_dir = root / "worker"
    worker_dir.mkdir(parents=True, exist_ok=True)
    runc_state = worker_dir / "runc"
    if runc_state.is_dir() and any(runc_state.iterdir()):
        from stagebuild.worker.executor import cleanup_stale_containers  # only after a killed build

        cleanup_stale_containers(worker_dir)
    options = BuildOptions(
        context=context,
        target=args.target,
        no_cache=args.no_cache,
        network=args.network,
        platform=_platform(args.platform),
        source_date_epoch=_source_date_epoch(args.source_date_epoch),
        insecure_registries=tuple(args.insecure_registry),
    )
    progress = make_progress(args.progress, out)
    progress.info(f"stagebuild: executor runc, store {root}")

    # The worker's modules are imported when a step misses the cache, not before.
    def chosen_snapshotter() -> OverlaySnapshotter | CopySnapshotter:
        from stagebuild.worker.snapshot import choose_snapshotter

        snapshotter = choose_snapshotter(root)
        progress.info(f"snapshotter: {snapshotter.description}")
        return snapshotter

    def runc_executor() -> Executor:
        from stagebuild.worker.executor import RuncExecutor

        return RuncExecutor(worker_dir)

    remote = None
    if args.cache_from and not options.no_cache:
        from stagebuild.solver.remote_cache import RemoteCache

        remote = RemoteCache(store, insecure_registries=options.insecure_registries)
    steps = LayerSteps(
        store,
        chosen_snapshotter,
        no_cache=options.no_cache,
        source_date_epoch=options.source_date_epoch,
        remote=remote,
    )
    solver = Solver(store, dockerfile, graph, options, progress, steps, runc_executor, dockerfile_path)
    started = time.monotonic()
    try:
        with store.content.lease(), terminate_on_signals():
            if remote is not None:
                _import_caches(args.cache_from, remote, progress)
            target = solver.solve()
            if not steps.snapshotter_used:
                progress.info("snapshotter: none needed, every step came from the cache")
            steps.ensure_local(target.layers)
            step = progress.start("exporting to image")
            image = commit_final(solver, graph, target)
            progress.log(step, f"writing image {image.id} done\n".encode())
            for tag in args.tag:
                progress.log(step, f"naming to {store.tag(image, tag).canonical()} done\n".encode())
            progress.finish(step, "done")
            _export(args.output, image, store, args.tag, options.source_date_epoch, progress)
            _export_caches(args.cache_to, steps, store, target, options, progress)
            check_passed = _elf_check(solver, target, image, args.check, out)
    except (DockerfileError, BuildFailed, *WORKER_ERRORS) as exc:
        progress.close()
        _report_failure(progress, exc, out)
        return 1
    progress.close()
    if not check_passed:
        return 1
    if args.progress == "quiet":
        print(image.id)  # like docker build -q: the image ID alone, on stdout, for scripts
    else:
        out.write(f"built {image.digest} in {time.monotonic() - started:.1f}s\n")
    return 0


def _export(
    outputs: Sequence[str],
    image: Image,
    store: ImageStore,
    tags: Sequence[str],
    source_date_epoch: int | None,
    progress: ProgressDisplay,
) -> None:
    if not outputs:
        return  # and the exporters are never imported
    from stagebuild.export.outputs import OutputSpecError, export_image, parse_output

    for text in outputs:
        try:
            spec = parse_output(text)
        except OutputSpecError as exc:
            raise BuildFailed(str(exc)) from None
        step = progress.start(f"exporting to {spec.type} {spec.dest or ''}".rstrip())
        try:
            if spec.type == "registry":
                _push(image, store, spec.names or tuple(tags), progress, step)
            elif spec.type == "image":
                for name in spec.names:
                    store.tag(image, name)
            else:
                export_image(image, store, spec, default_names=tags, source_date_epoch=source_date_epoch)
        except (OSError, ValueError) as exc:
            progress.finish(step, "error", str(exc))
            raise BuildFailed(f"--output {text}: {exc}") from None
        progress.finish(step, "done")


def _import_caches(specs: Sequence[str], remote: RemoteCache, progress: ProgressDisplay) -> None:
    """Read the ``--cache-from`` caches' records into ``remote`` (their layers are pulled later)."""
    import httpx

    from stagebuild.registry.client import RegistryError
    from stagebuild.solver.remote_cache import CacheSpecError, parse_cache_spec

    for text in specs:
        try:
            spec = parse_cache_spec(text)
        except CacheSpecError as exc:
            raise BuildFailed(str(exc)) from None
        step = progress.start(f"importing cache manifest from {spec.ref}")
        try:
            count = remote.load(spec)
        except (RegistryError, CacheSpecError, OSError, httpx.HTTPError) as exc:
            # As with BuildKit, a cache that cannot be read only costs time: build without it.
            progress.finish(step, "error", str(exc))
            continue
        progress.log(step, f"{count} cache records\n".encode())
        progress.finish(step, "done")


def _export_caches(
    specs: Sequence[str],
    steps: LayerSteps,
    store: ImageStore,
    target: StageResult,
    options: BuildOptions,
    progress: ProgressDisplay,
) -> None:
    if not specs:
        return  # and the HTTP client is never imported
    import httpx

    from stagebuild.registry.client import RegistryError
    from stagebuild.solver.remote_cache import (
        CacheSpecError,
        export_cache,
        parse_cache_spec,
        records_for_layers,
    )

    for text in specs:
        try:
            spec = parse_cache_spec(text)
        except CacheSpecError as exc:
            raise BuildFailed(str(exc)) from None
        records = steps.records if spec.mode == "max" else records_for_layers(steps.records, target.layers)
        step = progress.start(f"exporting cache to {spec.ref} (mode={spec.mode})")
        try:
            if steps.remote is not None:
                steps.remote.fetch_for_push(records, spec.ref)
            digest = export_cache(store, records, spec, insecure_registries=options.insecure_registries)
        except (RegistryError, ContentError, OSError, httpx.HTTPError) as exc:
            progress.finish(step, "error", str(exc))
            raise BuildFailed(f"--cache-to {text}: {exc}") from None
        progress.log(step, f"{len(records)} records, manifest {digest}\n".encode())
        progress.finish(step, "done")


def _push(
    image: Image, store: ImageStore, names: Sequence[str], progress: ProgressDisplay, step: StepRecord
) -> None:
    import httpx

    from stagebuild.registry.client import RegistryError
    from stagebuild.registry.transfer import push_image

    if not names:
        raise BuildFailed("--output type=registry needs name=HOST/REPO:TAG or -t")
    for name in names:
        try:
            push_image(store, image, name, progress=lambda line: progress.log(step, (line + "\n").encode()))
        except (RegistryError, httpx.HTTPError) as exc:
            raise BuildFailed(f"pushing {name}: {exc}") from None


def _platform(text: str | None) -> Platform | None:
    if not text:
        return None
    from stagebuild.registry.transfer import parse_platform  # imports the HTTP client: only when asked

    try:
        return parse_platform(text)
    except ValueError as exc:
        raise BuildFailed(f"--platform {text}: {exc}") from None


def _source_date_epoch(flag: int | None) -> int | None:
    if flag is not None:
        return flag
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not value:
        return None
    if not value.isdigit():
        raise BuildFailed(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds")
    return int(value)


def main(args: argparse.Namespace) -> int:
    """The ``stagebuild build`` handler (wired in ``stagebuild.cli``)."""
    out = sys.stderr
    try:
        return build(args, out)
    except (DockerfileError, BuildFailed) as exc:
        out.write(f"ERROR: {exc}\n")
        return 1
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM turned into it after the containers were killed
        out.write(f"ERROR: build interrupted{': ' + str(exc) if str(exc) else ''}\n")
        return 130
