"""One stage of a build: its base, its ONBUILD triggers, then its instructions in order.

The stage's state is a config dict, a list of layers and the cache key of those layers. Each
instruction is expanded by the stage's ``StageEnv`` (BuildKit's rules) and then either changes
the config only (``imageconfig.apply_metadata``) or makes a layer through ``LayerSteps.change``:

- RUN: argv through SHELL in shell form (heredocs folded in as BuildKit does); the environment is
  the stage's ENV and ARGs; WORKDIR, USER and ``--network`` as set; executed by runc on a snapshot.
  ``RUN --mount`` is refused with an error: the executor mounts nothing beyond the runtime's own.
- COPY/ADD: the worker's file operation, reading the context (after ``.dockerignore`` and
  ``--exclude``), another stage's result, or an image; here-documents as files; ``--link`` on an
  empty root so its layer does not depend on the stage below.
- WORKDIR: the directory is created as a layer (when not ``/``), owned by USER, as BuildKit does.

A step's cache key covers what can change its result (see ``cache.py``); progress shows each file
step as ``[stage i/n] INSTRUCTION`` with DONE and its time, or CACHED.
"""

from __future__ import annotations

import contextlib
import copy
import os
import posixpath
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from stagebuild.dockerfile.dockerignore import ContextFilter
from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.instructions import (
    Add,
    Arg,
    Copy,
    Instruction,
    Run,
    Stage,
    Workdir,
    onbuild_triggers,
)
from stagebuild.dockerfile.parser import chomp_heredoc, parse_heredoc_word
from stagebuild.dockerfile.scope import StageEnv
from stagebuild.graph.stages import StageNode
from stagebuild.image.content import ContentError, Layer, LayerError
from stagebuild.image.store import build_timestamp, ensure_default_path, new_config
from stagebuild.inspect.stageinfo import layer_annotations
from stagebuild.solver import imageconfig
from stagebuild.solver.cache import cache_key
from stagebuild.solver.progress import StepRecord, step_progress
from stagebuild.solver.scheduler import Solver, StageResult
from stagebuild.solver.steps import StepOutcome
from stagebuild.worker.errors import SnapshotError
from stagebuild.worker.fileop import CopyRequest, FileOpError, PathFilter, copy_files, digest_sources

_FILE_STEPS = (Run, Copy, Add, Workdir)
WORKER_ERRORS = (SnapshotError, LayerError, ContentError, OSError)
"""What the snapshotter and the layer store raise; a step turns them into an error at its line."""


class StageBuilder:
    """Builds one stage (see the module docstring); ``build()`` runs in the stage's own thread."""

    def __init__(self, solver: Solver, node: StageNode, stage: Stage) -> None:
        self.solver = solver
        self.node = node
        self.stage = stage
        self.config: dict[str, Any] = {}
        self.layers: list[Layer] = []
        self.layer_notes: list[dict[str, str]] = []  # per layer: stage annotations (none: base image)
        self.base_name: str | None = None
        self.base_digest: str | None = None
        self.key = ""
        self.env: StageEnv
        self.stage_args: list[tuple[str, str]] = []
        self.cmd_set = False
        self.step_number = 0
        self.step_total = sum(isinstance(c, _FILE_STEPS) for c in stage.commands) + (
            node.base_image is not None
        )
        self.current_step: StepRecord | None = None

    @property
    def name(self) -> str:
        """How the image's annotations name this stage: its name, else its index."""
        return self.node.name or str(self.node.index)

    def error(self, message: str, instruction: Instruction | None = None) -> DockerfileError:
        line = instruction.location.start if instruction is not None else self.node.line
        return self.solver.error(message, line)

    # -- progress ------------------------------------------------------------------------------

    def step_name(self, text: str) -> str:
        self.step_number += 1
        label = f"{self.node.label} " if self.node.label else ""
        width = len(str(self.step_total))
        return f"[{label}{self.step_number:>{width}}/{self.step_total}] {text}"

    # -- the stage -----------------------------------------------------------------------------

    def build(self) -> StageResult:
        triggers = self._start()
        commands = [*triggers, *self.stage.commands]
        self.step_total += sum(isinstance(c, _FILE_STEPS) for c in triggers)
        history_start = len(self.config.get("history") or [])
        base_time = str(self.config.get("created") or build_timestamp(self.solver.options.source_date_epoch))
        for instruction in commands:
            self.solver.check_cancelled()
            self._dispatch(instruction)
        epoch = self.solver.options.source_date_epoch
        imageconfig.settle_history_times(
            self.config, history_start, base_time, None if epoch is None else build_timestamp(epoch)
        )
        return StageResult(
            index=self.node.index,
            config=self.config,
            layers=self.layers,
            key=self.key,
            env=self.env,
            stage_args=self.stage_args,
            layer_notes=self.layer_notes,
            base_name=self.base_name,
            base_digest=self.base_digest,
        )

    def _start(self) -> list[Instruction]:
        """Take the base's state; returns the base's ONBUILD triggers, which run first."""
        node = self.node
        line = node.line
        if node.base_stage is not None:
            parent = self.solver.stage_result(node.base_stage, line, needed_by=node.index)
            self.config = copy.deepcopy(parent.config)
            self.layers = list(parent.layers)
            self.layer_notes = list(parent.layer_notes)
            self.base_name = parent.base_name
            self.base_digest = parent.base_digest
            self.key = parent.key
            self.env = StageEnv.from_stage(parent.env)
            self.stage_args = list(parent.stage_args)
        elif node.base_image is None:
            platform = self.solver.options.platform
            self.config = new_config(platform) if platform else new_config()
            self.key = "scratch"
            self.env = StageEnv.from_image(self.solver.dockerfile, self.config["config"]["Env"])
        else:
            image = self.solver.image(node.base_image, line)
            progress = self.solver.progress
            progress.finish(progress.start(self.step_name(f"FROM {image_name(node.base_image)}")), "done")
            self.config = image.editable_config()
            ensure_default_path(self.config)
            self.layers = self.solver.layers_of(image)
            self.layer_notes = [{}] * len(self.layers)
            self.base_name = node.base_image
            self.base_digest = image.digest
            self.key = cache_key("image", image.digest, {})
            self.env = StageEnv.from_image(
                self.solver.dockerfile, imageconfig.runtime(self.config).get("Env") or []
            )
        section = imageconfig.runtime(self.config)
        triggers: list[str] = list(section.pop("OnBuild", None) or [])
        if not triggers:
            return []
        return onbuild_triggers(triggers, origin=self.solver.dockerfile.filename, line=line)

    def _dispatch(self, raw: Instruction) -> None:
        expanded = self.env.step(raw)
        if isinstance(expanded, Arg):
            self._declare_args(expanded)
            return
        if isinstance(expanded, Run):
            self._run(expanded)
        elif isinstance(expanded, Copy | Add):
            self._copy(expanded)
        elif isinstance(expanded, Workdir):
            self._workdir(expanded)
        else:
            try:
                imageconfig.apply_metadata(self.config, expanded, cmd_set_in_stage=self.cmd_set)
            except imageconfig.ConfigError as exc:
                raise self.error(str(exc), raw) from None
            self.cmd_set |= expanded.keyword == "CMD"

    def _declare_args(self, instruction: Arg) -> None:
        for decl in instruction.args:
            value = decl.default or ""
            self.stage_args = [(k, v) for k, v in self.stage_args if k != decl.name] + [(decl.name, value)]
        text = " ".join(
            f"{d.name}={d.default}" if d.default is not None else d.name for d in instruction.args
        )
        imageconfig.add_history(self.config, f"ARG {text}", empty_layer=True)

    # -- file steps ----------------------------------------------------------------------------

    def _commit(
        self,
        instruction: Instruction,
        key: str,
        action: Callable[[Path], None],
        *,
        copied_from: str | None = None,
        independent: bool = False,
    ) -> None:
        """Run ``action`` as the layer step ``key`` (or take it from the cache) and add the layer.

        ``independent`` (``COPY --link``): the action runs on an empty root, not on the stage's
        layers, so its layer (and its cache entry, whose key then leaves out the stage's) does not
        depend on what lies below. ``self.current_step`` is the step's progress record while
        ``action`` runs.
        """
        with step_progress(self.solver.progress, self.step_name(_display(instruction))) as step:
            self.current_step = step
            try:
                outcome = self.solver.steps.change(key, [] if independent else self.layers, action)
            except WORKER_ERRORS as exc:
                raise self.error(f"{instruction.keyword.upper()}: {exc}", instruction) from None
            if outcome.cached:
                self.solver.progress.finish(step, "cached")
        self._add_layer(outcome, copied_from)
        self.key = cache_key(self.key, "link", {"layer": key}) if independent else key

    def _add_layer(self, outcome: StepOutcome, copied_from: str | None) -> None:
        self.layers.append(outcome.layer)
        self.layer_notes.append(layer_annotations(self.name, copied_from=copied_from))
        history = self.config.setdefault("history", [])
        history[-1]["created"] = outcome.created

    @property
    def workdir(self) -> str:
        return str(imageconfig.runtime(self.config).get("WorkingDir") or "/")

    @property
    def user(self) -> str:
        return str(imageconfig.runtime(self.config).get("User") or "")

    def _run(self, run: Run) -> None:
        if run.mounts:
            raise self.error("RUN --mount is not supported by stagebuild yet", run)
        if run.security not in (None, "sandbox"):
            raise self.error(f"RUN --security={run.security} is not supported", run)
        network = run.network or self.solver.options.network
        if network == "default":
            network = self.solver.options.network
        if network not in ("none", "host"):
            raise self.error(f"RUN --network={network}: expected none, host or default", run)
        args, shown = self._run_args(run)
        created_by = imageconfig.run_created_by(shown, self.stage_args)
        imageconfig.add_history(self.config, created_by, empty_layer=False)
        env, cwd, user = self.env.build_env, self.workdir, self.user
        inputs = {"args": args, "env": env, "cwd": cwd, "user": user, "network": network}
        key = cache_key(self.key, "RUN", inputs)

        def execute(rootfs: Path) -> None:
            # The runtime is imported only now, when a RUN misses the cache.
            from stagebuild.worker.executor import ContainerStartError, ExecError, ProcessSpec
            from stagebuild.worker.users import UserLookupError

            step = self.current_step
            assert step is not None
            process = ProcessSpec(args=tuple(args), env=tuple(env), cwd=cwd, user=user, network=network)
            try:
                code = self.solver.executor.run(
                    rootfs,
                    process,
                    lambda data: self.solver.progress.log(step, data),
                    lambda data: self.solver.progress.log(step, data),
                )
            except ContainerStartError as exc:
                raise self.error(f"process {_go_quote(args)} could not start: {exc}", run) from None
            except (ExecError, UserLookupError) as exc:
                raise self.error(str(exc), run) from None
            if code != 0:
                self.solver.check_cancelled()  # killed because another stage failed: not our error
                raise self.error(
                    f"process {_go_quote(args)} did not complete successfully: exit code: {code}", run
                )

        self._commit(run, key, execute)

    def _run_args(self, run: Run) -> tuple[list[str], list[str]]:
        """The argv to execute and the one history shows, with heredocs run as BuildKit runs them.

        One here-document as the whole command runs in the shell, unless it starts with ``#!``:
        then it becomes the executable file ``/dev/pipes/NAME`` (on the container's ``/dev`` tmpfs,
        so never part of the layer), written by a shell prelude since our runtime mounts no extra
        files. Other heredocs are handed to the shell together with the command line.
        """
        if not run.heredocs:
            args = imageconfig.with_shell(self.config, run.command, run.prepend_shell)
            return args, args
        only = parse_heredoc_word(run.command[0].strip()) if len(run.command) == 1 else None
        if only is not None and len(run.heredocs) == 1:
            doc = run.heredocs[0]
            data = chomp_heredoc(doc.content) if doc.chomp else doc.content
            if not data.startswith("#!"):
                args = imageconfig.with_shell(self.config, [data], True)
                return args, args
            if self.user not in ("", "root", "0", "0:0"):
                raise self.error("RUN heredocs starting with #! need USER root (they live in /dev)", run)
            import shlex  # only for a #! here-document

            script = f"/dev/pipes/{shlex.quote(doc.name)}"
            prelude = (
                f'mkdir -p /dev/pipes && printf %s "$1" > {script} && chmod 0755 {script} && exec {script}'
            )
            shell = list(imageconfig.shell_of(self.config))
            return [*shell, prelude, "heredoc", data], [*shell, script]
        text = run.command[0] if run.command else ""
        for doc in run.heredocs:
            text += "\n" + doc.content + doc.name
        args = imageconfig.with_shell(self.config, [text], True)
        return args, args

    def _workdir(self, instruction: Workdir) -> None:
        path = posixpath.normpath(posixpath.join(self.workdir, instruction.path))
        path = "/" + path.lstrip("/")
        imageconfig.runtime(self.config)["WorkingDir"] = path
        if path == "/":
            imageconfig.add_history(self.config, f"WORKDIR {path}", empty_layer=True)
            return
        imageconfig.add_history(self.config, f"WORKDIR {path}", empty_layer=False)
        user = self.user
        key = cache_key(self.key, "WORKDIR", {"path": path, "user": user})

        def make_dir(rootfs: Path) -> None:
            from stagebuild.worker.paths import scoped_join  # the worker's helpers: only on a miss
            from stagebuild.worker.users import UserLookupError, resolve_owner

            try:
                owner = resolve_owner(rootfs, user) if user else None
            except UserLookupError as exc:
                raise self.error(f"WORKDIR {path}: {exc}", instruction) from None
            parts = path.strip("/").split("/")
            for depth in range(1, len(parts) + 1):
                target = scoped_join(rootfs, "/" + "/".join(parts[:depth]))
                if not target.exists():
                    target.mkdir(mode=0o755)
                    if owner is not None:
                        os.lchown(target, *owner)

        self._commit(instruction, key, make_dir)

    def _copy(self, instruction: Copy | Add) -> None:
        is_add = isinstance(instruction, Add)
        if isinstance(instruction, Copy) and instruction.parents:
            raise self.error("COPY --parents is not supported by stagebuild yet", instruction)
        if isinstance(instruction, Add) and (instruction.checksum or instruction.keep_git_dir is not None):
            raise self.error(
                "ADD --checksum and --keep-git-dir are not supported by stagebuild yet", instruction
            )
        created_by = imageconfig.copy_created_by(
            instruction.keyword,
            instruction.sources,
            [inline.name for inline in instruction.inline_sources],
            instruction.dest,
            chown=instruction.chown,
            chmod=instruction.chmod,
            parents=False,
        )
        imageconfig.add_history(self.config, created_by, empty_layer=False)
        request = CopyRequest(
            sources=instruction.sources,
            dest=instruction.dest,
            workdir=self.workdir,
            chown=instruction.chown or None,
            chmod=instruction.chmod or None,
            add=is_add,
        )
        source = self._copy_source(instruction)
        inputs: dict[str, object] = {
            "request": [request.sources, request.dest, request.workdir, request.chown, request.chmod, is_add],
            "inline": [[i.name, i.data] for i in instruction.inline_sources],
            "from": source.identity,
        }
        try:
            inputs["digest"] = source.digest(instruction.sources)
        except (FileOpError, OSError) as exc:
            raise self.error(f"{instruction.keyword}: {exc}", instruction) from None
        # BuildKit's --link: the copy does not look at the stage's files, so it needs no user
        # names from its /etc/passwd; with a named --chown it is an ordinary copy.
        independent = instruction.link and all(
            part.isdigit() for part in instruction.chown.split(":") if part
        )
        key = cache_key("link" if independent else self.key, instruction.keyword, inputs)

        def copy_into(rootfs: Path) -> None:
            try:
                if instruction.sources:
                    with source.root() as src_root:
                        copy_files(src_root, rootfs, request, **source.copy_options)
                if instruction.inline_sources:
                    _copy_inline(instruction, request, rootfs)
            except FileOpError as exc:
                raise self.error(str(exc), instruction) from None

        self._commit(instruction, key, copy_into, copied_from=source.stage_name, independent=independent)

    def _copy_source(self, instruction: Copy | Add) -> CopySource:
        """Where the files come from: the context, another stage, or an image."""
        word = instruction.from_stage if isinstance(instruction, Copy) else None
        excludes = instruction.excludes
        if word is None:
            return ContextSource(self.solver, excludes)
        line = instruction.location.start
        node = self.solver.graph.source(word, line)
        if node is not None:
            result = self.solver.stage_result(node.index, line, needed_by=self.node.index)
            return LayersSource(
                self.solver,
                result.layers,
                f"stage:{result.key}",
                f'stage "{word}"',
                excludes,
                node.name or word,
            )
        image = self.solver.image(word, line)
        return LayersSource(
            self.solver,
            self.solver.layers_of(image),
            f"image:{image.digest}",
            f"image {word}",
            excludes,
            None,
        )


class CopySource(Protocol):
    """A root to copy from, what names its content in cache keys, and how to digest what is read."""

    identity: str
    stage_name: str | None
    copy_options: dict[str, Any]

    def digest(self, sources: Sequence[str]) -> str | None:
        """The content digest of ``sources``, or None when ``identity`` already pins the content."""
        ...

    def root(self) -> contextlib.AbstractContextManager[Path]:
        """The directory to copy from, available while the context is open."""
        ...


class ContextSource:
    """The build context, filtered by ``.dockerignore`` and ``--exclude``; owners become root."""

    _digest_lock = threading.Lock()

    def __init__(self, solver: Solver, excludes: Sequence[str]) -> None:
        self.solver = solver
        self.filter = combined_filter(solver.context_filter, solver.options.context, excludes)
        self.identity = "context"
        self.stage_name: str | None = None
        self.copy_options: dict[str, Any] = {
            "exclude": self.filter,
            "reset_owner": True,
            "label": "the build context",
        }

    def digest(self, sources: Sequence[str]) -> str | None:
        with self._digest_lock:
            return digest_sources(
                self.solver.options.context,
                sources,
                exclude=self.filter,
                reset_owner=True,
                cache=self.solver.digest_cache,
            )

    @contextlib.contextmanager
    def root(self) -> Iterator[Path]:
        yield self.solver.options.context


class LayersSource:
    """Another stage's result or an image: its layers, mounted read-only while the copy runs."""

    def __init__(
        self,
        solver: Solver,
        layers: Sequence[Layer],
        identity: str,
        label: str,
        excludes: Sequence[str],
        stage_name: str | None,
    ) -> None:
        self.solver = solver
        self.layers = list(layers)
        self.identity = identity
        self.stage_name = stage_name
        self.excludes = list(excludes)
        self.copy_options: dict[str, Any] = {"label": label}

    def digest(self, sources: Sequence[str]) -> str | None:
        return None  # the stage key or image digest names the content

    @contextlib.contextmanager
    def root(self) -> Iterator[Path]:
        with self.solver.steps.view(self.layers) as rootfs:
            if self.excludes:
                self.copy_options = {
                    **self.copy_options,
                    "exclude": combined_filter(None, rootfs, self.excludes),
                }
            yield rootfs


class _PatternFilter:
    """A ``.dockerignore``-style filter as the file operation wants it (``PathFilter``).

    Adapts ``ContextFilter`` (which names its re-including patterns ``exceptions``) to the
    worker's protocol (which asks ``has_exceptions``), and joins several filters: a path is hidden
    when any of them hides it (``.dockerignore`` and ``--exclude``).
    """

    def __init__(self, filters: Sequence[ContextFilter]) -> None:
        self.filters = list(filters)
        self.has_exceptions = any(p.exception for f in self.filters for p in f.patterns)

    def excluded(self, relpath: str) -> bool:
        return any(f.excluded(relpath) for f in self.filters)


def combined_filter(base: ContextFilter | None, root: Path, excludes: Sequence[str]) -> PathFilter | None:
    """``base`` plus the ``--exclude`` patterns (Docker's pattern rules) of one COPY."""
    filters = [base] if base is not None else []
    if excludes:
        filters.append(ContextFilter(root, patterns=list(excludes)))
    return _PatternFilter(filters) if filters else None


def _copy_inline(instruction: Copy | Add, request: CopyRequest, rootfs: Path) -> None:
    """COPY <<EOF: each here-document becomes a file (mode 0644) copied like a context file."""
    import tempfile  # a step that runs: a cache hit never writes the here-documents out

    with tempfile.TemporaryDirectory(prefix="stagebuild-heredoc-") as scratch:
        names = []
        for inline in instruction.inline_sources:
            path = Path(scratch) / inline.name
            path.write_text(inline.data, encoding="utf-8", errors="surrogateescape")
            path.chmod(0o644)
            names.append(inline.name)
        inline_request = CopyRequest(
            sources=tuple(names),
            dest=request.dest,
            workdir=request.workdir,
            chown=request.chown,
            chmod=request.chmod,
        )
        copy_files(Path(scratch), rootfs, inline_request, reset_owner=True, label="a here-document")


def _display(instruction: Instruction) -> str:
    """The instruction as progress shows it: keyword upper-cased, continuations joined."""
    text = " ".join(str(instruction).split())
    keyword, _, rest = text.partition(" ")
    return f"{keyword.upper()} {rest}".rstrip()


def _go_quote(args: Sequence[str]) -> str:
    """How BuildKit names a process in errors: ``"/bin/sh -c make"``."""
    return '"' + " ".join(args).replace('"', '\\"') + '"'


def image_name(text: str) -> str:
    """The canonical form of an image reference, for progress (``docker.io/library/busybox:1``)."""
    from stagebuild.image.reference import InvalidReferenceError, parse_reference

    try:
        return parse_reference(text).canonical()
    except InvalidReferenceError:
        return text
