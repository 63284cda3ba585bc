"""The scheduler: build the stages the target needs, in parallel where the graph allows.

Each needed stage runs in its own thread (``StageBuilder`` in ``stage.py``) and blocks only where
it needs another stage's result: its ``FROM <stage>`` base, a ``COPY --from=<stage>``. So two
builder stages that do not depend on each other run at the same time, and the final stage starts
as soon as its base is ready. The first failure stops the others: their running containers are
killed and they stop before their next step. It is the error the build reports (the failures it
causes elsewhere are not).

Base images are resolved once per build and shared: from the local store, or, for a reference
naming a registry (``host:port/repo:tag``), pulled on first use.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from stagebuild.dockerfile.dockerignore import ContextFilter
from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.instructions import Dockerfile
from stagebuild.dockerfile.scope import StageEnv
from stagebuild.graph.stages import BuildGraph
from stagebuild.image.content import Layer, Platform
from stagebuild.image.reference import DEFAULT_DOMAIN, InvalidReferenceError, parse_reference
from stagebuild.image.store import Image, ImageNotFoundError, ImageStore
from stagebuild.record import Record, field
from stagebuild.solver.progress import ProgressDisplay
from stagebuild.solver.steps import LayerSteps
from stagebuild.worker.fileop import DigestCache
from stagebuild.worker.running import terminate_running

if TYPE_CHECKING:
    from stagebuild.solver.stage import StageBuilder
    from stagebuild.worker.executor import Executor


class BuildCancelled(Exception):
    """Raised in a stage when another stage failed first; never reported to the user."""


_T = TypeVar("_T")


class Outcome(Generic[_T]):
    """What another thread will provide: a value, or the exception it raised (``result()`` waits).

    Here instead of ``concurrent.futures``, whose import (``logging``, ``traceback`` …) was over a
    tenth of a cached rebuild's: a stage needs only a thread of its own and a place for its result.
    """

    def __init__(self) -> None:
        self._done = threading.Event()
        self._value: _T | None = None
        self._error: BaseException | None = None

    def set_result(self, value: _T) -> None:
        self._value = value
        self._done.set()

    def set_exception(self, error: BaseException) -> None:
        self._error = error
        self._done.set()

    def exception(self) -> BaseException | None:
        self._done.wait()
        return self._error

    def result(self) -> _T:
        error = self.exception()
        if error is not None:
            raise error
        return cast(_T, self._value)


def _in_thread(name: str, work: Callable[[], _T], *, daemon: bool) -> tuple[Outcome[_T], threading.Thread]:
    """Start ``work`` in a new thread; its outcome is set when it returns or raises."""
    outcome: Outcome[_T] = Outcome()

    def run() -> None:
        try:
            outcome.set_result(work())
        except BaseException as exc:
            outcome.set_exception(exc)

    thread = threading.Thread(target=run, name=name, daemon=daemon)
    thread.start()
    return outcome, thread


class BuildOptions(Record):
    """What ``stagebuild build`` was asked for, beyond the Dockerfile itself."""

    context: Path
    target: str | None = None
    no_cache: bool = False
    network: str = "none"
    platform: Platform | None = None
    source_date_epoch: int | None = None
    insecure_registries: tuple[str, ...] = ()


class StageResult(Record, frozen=False):
    """A finished stage: its layers and config, and what a stage built on it inherits."""

    index: int
    config: dict[str, Any]
    layers: list[Layer]
    key: str  # cache key of its file system: equal keys, equal files
    env: StageEnv  # the variable scope at its end, for FROM <this stage>
    stage_args: list[tuple[str, str]] = field(default_factory=list)  # ARGs declared, for RUN history
    layer_notes: list[dict[str, str]] = field(default_factory=list)  # per layer: stage annotations
    base_name: str | None = None  # the image at the bottom of its chain of stages
    base_digest: str | None = None


class Solver:
    """Runs a planned build: one thread per needed stage, results shared between them."""

    def __init__(
        self,
        store: ImageStore,
        dockerfile: Dockerfile,
        graph: BuildGraph,
        options: BuildOptions,
        progress: ProgressDisplay,
        steps: LayerSteps,
        make_executor: Callable[[], Executor],
        dockerfile_path: Path | None = None,
    ) -> None:
        self.store = store
        self.dockerfile = dockerfile
        self.graph = graph
        self.options = options
        self.progress = progress
        self.steps = steps
        self._make_executor = make_executor
        self._executor: Executor | None = None
        self._executor_lock = threading.Lock()
        self.context_filter = ContextFilter(options.context, dockerfile=dockerfile_path)
        self.digest_cache = DigestCache(store.root / "worker" / "context-digests.json")
        self.failed = threading.Event()
        self._first_error: BaseException | None = None  # the failure the build reports
        self._error_lock = threading.Lock()
        self._futures: dict[int, Outcome[StageResult]] = {}
        self._futures_lock = threading.Lock()
        self._images: dict[str, Outcome[Image]] = {}
        self._images_lock = threading.Lock()

    @property
    def executor(self) -> Executor:
        """Made on the first RUN that misses the cache: a fully cached build never loads the runtime."""
        with self._executor_lock:
            if self._executor is None:
                self._executor = self._make_executor()
            return self._executor

    def error(self, message: str, line: int | None) -> DockerfileError:
        """A build error placed at ``line`` of the Dockerfile."""
        return DockerfileError(message, filename=self.dockerfile.filename, line=line)

    def solve(self) -> StageResult:
        """Build every stage the target needs; returns the target's result or raises the first error."""
        from stagebuild.solver.stage import StageBuilder

        order = self.graph.order
        threads = []
        try:
            with self._futures_lock:  # every planned stage is known before any stage asks for one
                for index in order:
                    builder = StageBuilder(self, self.graph.nodes[index], self.dockerfile.stages[index])
                    work = functools.partial(self._run_stage, builder)
                    self._futures[index], thread = _in_thread(f"stage-{index}", work, daemon=False)
                    threads.append(thread)
            for index in order:
                self._futures[index].exception()  # wait for every stage
        finally:
            for thread in threads:  # even when interrupted: the stages stop at their next step
                thread.join()
        if self._first_error is not None:
            raise self._first_error
        return self._futures[self.graph.target].result()

    def _run_stage(self, builder: StageBuilder) -> StageResult:
        try:
            return builder.build()
        except BuildCancelled:
            raise
        except BaseException as exc:
            with self._error_lock:
                first = self._first_error is None
                if first:
                    self._first_error = exc
            if first:
                self.failed.set()
                # The build has failed: stop the other stages' running containers now rather
                # than waiting for them; their own errors are consequences, never reported.
                terminate_running()
            raise

    def stage_result(self, index: int, line: int, *, needed_by: int | None = None) -> StageResult:
        """Wait for stage ``index`` (needed at ``line`` by stage ``needed_by``) and return its result.

        A stage the plan left out can still be named by an ONBUILD trigger of a base image, which
        is only known once the base is resolved: it is then built on demand, in a thread of its
        own, provided it comes before the stage that needs it (as BuildKit requires, and so no
        two stages can wait for each other).
        """
        with self._futures_lock:
            future = self._futures.get(index)
            if future is None:
                future = self._start_unplanned(index, line, needed_by)
        try:
            return future.result()
        except BaseException as exc:
            raise BuildCancelled() from exc

    def _start_unplanned(self, index: int, line: int, needed_by: int | None) -> Outcome[StageResult]:
        from stagebuild.solver.stage import StageBuilder

        node = self.graph.nodes[index]
        if needed_by is None or index >= needed_by:
            current = "" if needed_by is None else self.graph.nodes[needed_by].name or str(needed_by)
            raise self.error(
                f'cannot copy from stage "{node.name or index}", it needs to be defined before '
                f'current stage "{current}"',
                line,
            )
        builder = StageBuilder(self, node, self.dockerfile.stages[index])
        work = functools.partial(self._run_stage, builder)
        self._futures[index], _ = _in_thread(f"stage-{index}", work, daemon=True)
        return self._futures[index]

    def check_cancelled(self) -> None:
        """Raise ``BuildCancelled`` in a stage once another stage has failed."""
        if self.failed.is_set():
            raise BuildCancelled()

    def image(self, text: str, line: int) -> Image:
        """The image ``text`` names, from the store or pulled from its registry; resolved once."""
        with self._images_lock:
            future = self._images.get(text)
            owner = future is None
            if future is None:
                future = self._images[text] = Outcome()
        if owner:
            try:
                future.set_result(self._resolve_image(text, line))
            except BaseException as exc:
                future.set_exception(exc)
        return future.result()

    def _resolve_image(self, text: str, line: int) -> Image:
        try:
            ref = parse_reference(text)
        except InvalidReferenceError as exc:
            raise self.error(f"failed to parse image reference {text!r}: {exc}", line) from None
        try:
            return self.store.resolve(ref)
        except ImageNotFoundError:
            pass
        if ref.domain == DEFAULT_DOMAIN:
            raise self.error(
                f"image {text!r} not found in the store {self.store.root}: make it with "
                "`stagebuild import` or `stagebuild pull`, or name a registry (host:port/repo:tag)",
                line,
            )
        import httpx

        from stagebuild.registry.client import RegistryError
        from stagebuild.registry.transfer import pull_image

        step = self.progress.start(f"[internal] pull {ref.canonical()}")
        try:
            result = pull_image(
                self.store,
                ref,
                platform=self.options.platform,
                insecure_registries=self.options.insecure_registries,
                progress=lambda message: self.progress.log(step, (message + "\n").encode()),
            )
        except (RegistryError, OSError, ValueError, httpx.HTTPError) as exc:
            self.progress.finish(step, "error", str(exc))
            raise self.error(f"pulling {ref}: {exc}", line) from None
        self.progress.finish(step, "done")
        return result.image

    def layers_of(self, image: Image) -> list[Layer]:
        return image.layer_list(self.store.content)
