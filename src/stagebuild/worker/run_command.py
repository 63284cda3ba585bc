"""``stagebuild run [--rm] NAME:TAG [CMD…]``: run a command in a new container from a stored image.

The image's layers are unpacked (once, shared with builds), stacked in a writable snapshot, and
the process runs through runc with the image config's Env, WorkingDir and User, overridden by
``-e``, ``-w`` and ``-u`` the way ``docker run`` overrides them (``--entrypoint`` also drops the
image's Cmd).  Its output is forwarded and its exit code becomes ours.  stagebuild keeps no
containers, so the writable layer is discarded on exit with or without ``--rm``.

When the process cannot even start, runc's own error (``exec /app: no such file or directory``)
has already gone to stderr; below it comes one line from the image's ELF check saying why, e.g.
that the loader a glibc binary needs is missing from a musl image.  Exit codes follow ``docker
run``: 127 when the command cannot be found, 126 when it cannot be invoked (not executable, wrong
format), 125 when stagebuild itself fails, and 137 after ``--timeout`` killed the process.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from stagebuild.worker.errors import SnapshotError
from stagebuild.worker.executor import (
    ContainerStartError,
    ExecError,
    ExecTimeoutError,
    ProcessSpec,
    RuncExecutor,
    cleanup_stale_containers,
)
from stagebuild.worker.running import terminate_on_signals
from stagebuild.worker.snapshot import choose_snapshotter, cleanup_stale_snapshots

EXIT_FAILED = 125
EXIT_NOT_EXECUTABLE = 126
EXIT_NOT_FOUND = 127
EXIT_KILLED = 137
EXIT_INTERRUPTED = 130


def main(args: argparse.Namespace) -> int:
    from stagebuild.image.commands import USER_ERRORS, open_store
    from stagebuild.image.content import LayerError
    from stagebuild.image.layers import unpack_layer

    try:
        store = open_store(args)
        image = store.resolve(args.reference)
        config = image.runtime_config
        argv = command_line(config, args.entrypoint, list(args.cmd))
        if not argv:
            return _fail(f"{args.reference}: no command specified (the image has no Entrypoint or Cmd)")
        env = merged_env(config.get("Env") or [], args.env, os.environ)
        process = ProcessSpec(
            args=tuple(argv),
            env=tuple(env),
            cwd=args.workdir or config.get("WorkingDir") or "/",
            user=args.user if args.user is not None else (config.get("User") or ""),
            network=args.network,
            timeout=args.timeout,
        )
        worker_dir = store.root / "worker"
        containers_dir = worker_dir / "containers"
        containers_dir.mkdir(parents=True, exist_ok=True)
        cleanup_stale_containers(worker_dir)  # first: a stale container may still write to its snapshot
        cleanup_stale_snapshots(containers_dir)
        with store.content.lease():
            lowers = [
                unpack_layer(store.content, layer, image=args.reference)
                for layer in image.layer_list(store.content)
            ]
            snapshotter = choose_snapshotter(store.root)
            executor = RuncExecutor(worker_dir)
            with (
                terminate_on_signals(),
                snapshotter.mount(lowers, containers_dir / uuid.uuid4().hex) as snapshot,
            ):
                return _run(executor, snapshot.rootfs, process)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except (*USER_ERRORS, LayerError, SnapshotError, ExecError) as err:
        return _fail(err)


def _run(executor: RuncExecutor, rootfs: Path, process: ProcessSpec) -> int:
    try:
        return executor.run(rootfs, process, _forward(sys.stdout), _forward(sys.stderr))
    except ContainerStartError as err:
        explanation = _explain(rootfs, process)
        if explanation:
            print(f"stagebuild: {explanation}", file=sys.stderr)
        cannot_invoke = any(reason in str(err) for reason in ("permission denied", "exec format error"))
        return EXIT_NOT_EXECUTABLE if cannot_invoke else EXIT_NOT_FOUND
    except ExecTimeoutError as err:
        print(f"stagebuild: {err}", file=sys.stderr)
        return EXIT_KILLED


def command_line(config: dict[str, Any], entrypoint: str | None, cmd: Sequence[str]) -> list[str]:
    """Entrypoint + Cmd as ``docker run`` combines them with its ``--entrypoint`` and arguments."""
    if entrypoint is not None:
        return ([entrypoint] if entrypoint else []) + list(cmd)
    return list(config.get("Entrypoint") or []) + (list(cmd) or list(config.get("Cmd") or []))


def merged_env(
    image_env: Sequence[str], overrides: Sequence[str], host: dict[str, str] | os._Environ[str]
) -> list[str]:
    """The image's Env with ``-e K=V`` (or ``-e K``, taken from the host when set) applied by name."""
    merged: dict[str, str] = {}
    for item in image_env:
        name, _, value = item.partition("=")
        merged[name] = value
    for item in overrides:
        name, has_value, value = item.partition("=")
        if has_value:
            merged[name] = value
        elif name in host:
            merged[name] = host[name]
    return [f"{name}={value}" for name, value in merged.items()]


def _explain(rootfs: Path, process: ProcessSpec) -> str | None:
    """The ELF check's one-line reason why ``process`` cannot start, when that check is installed."""
    try:
        from stagebuild.inspect.elf import explain_exec_failure
    except ImportError:
        return None
    env = dict(item.partition("=")[::2] for item in process.env)
    return explain_exec_failure(rootfs, process.args[0], env=env, workdir=process.cwd)


def _forward(stream: Any) -> Callable[[bytes], None]:
    target = stream.buffer if hasattr(stream, "buffer") else None

    def write(chunk: bytes) -> None:
        if target is not None:
            target.write(chunk)
            target.flush()
        else:
            stream.write(chunk.decode("utf-8", "replace"))
            stream.flush()

    return write


def _fail(message: object) -> int:
    print(f"stagebuild: error: {message}", file=sys.stderr)
    return EXIT_FAILED
