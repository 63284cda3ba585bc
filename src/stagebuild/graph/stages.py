"""The build graph: Dockerfile stages as nodes, the words that name other stages as edges.

A stage depends on another when its ``FROM`` names an earlier stage, or when ``COPY --from=`` or
``RUN --mount=from=`` names a stage (by name, case-insensitively, or by index). Any other word is
an image reference (``scratch`` is the empty image). Resolution follows BuildKit:

- ``FROM NAME`` matches only stages defined *before* it; a later stage of that name is not seen,
  so the word is an image reference;
- ``--from`` words match every stage, so they can form cycles: a cycle anywhere in the file is an
  error naming the lines that close it; a needed stage that copies from a *later* stage is an
  error too, since BuildKit dispatches stages in file order;
- ``--from`` is never variable-expanded.

``plan_build`` picks the target (``--target``, else the last stage), and keeps only the stages it
needs, dependencies first: a stage the target does not need is never executed, even if it would
fail. Stages whose dependencies are done can run in parallel.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from stagebuild.dockerfile.instructions import Copy, Dockerfile, Run
from stagebuild.record import Record

SCRATCH = "scratch"

ReferenceKind = Literal["FROM", "COPY --from", "RUN --mount from"]


class BuildGraphError(Exception):
    """A problem with how the Dockerfile's stages refer to each other; ``line`` is 1-based (0: none)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Reference(Record):
    """A word that names a stage or an image, where it was written."""

    word: str
    line: int
    kind: ReferenceKind


class StageOutline(Record):
    """What the graph needs to know of one stage: its name, its base and its ``--from`` words."""

    name: str | None
    base: Reference  # the FROM word after expansion with the global ARGs
    sources: tuple[Reference, ...] = ()


class StageNode(Record):
    """One stage of the Dockerfile, its references resolved."""

    index: int
    name: str | None
    label: str  # for progress: the name, else ``stage-N``; empty when the file has one stage
    line: int  # of its FROM
    base_stage: int | None  # FROM an earlier stage
    base_image: str | None  # FROM an image; None for scratch or a stage
    dependencies: frozenset[int]  # stages it needs: its base and everything it copies from

    @property
    def is_scratch(self) -> bool:
        return self.base_stage is None and self.base_image is None


class BuildGraph(Record):
    """Every stage of the file, the target, and the needed stages in an executable order."""

    nodes: tuple[StageNode, ...]
    target: int
    order: tuple[int, ...]  # the stages the target needs, each after its dependencies

    def source(self, word: str, line: int) -> StageNode | None:
        """The stage a ``--from`` word names, or None when it names an image."""
        index = _source_index(self.nodes, word, line)
        return None if index is None else self.nodes[index]

    def stage_named(self, name: str) -> StageNode | None:
        """The stage called ``name`` (case-insensitive), if any."""
        return next((node for node in self.nodes if _has_name(node, name)), None)


def _has_name(stage: StageNode | StageOutline, word: str) -> bool:
    return stage.name is not None and stage.name.lower() == word.lower()


def _source_index(nodes: Sequence[StageNode | StageOutline], word: str, line: int) -> int | None:
    if "$" in word:
        raise BuildGraphError(
            "variable expansion is not supported for --from, define a new stage with FROM "
            "using ARG from global scope as a workaround",
            line,
        )
    if word.isdigit():
        index = int(word)
        if index >= len(nodes):
            raise BuildGraphError(f"invalid stage index {index}", line)
        return index
    return next((index for index, stage in enumerate(nodes) if _has_name(stage, word)), None)


def _resolve(outlines: Sequence[StageOutline]) -> list[StageNode]:
    nodes: list[StageNode] = []
    single = len(outlines) == 1
    for index, outline in enumerate(outlines):
        word = outline.base.word
        if not word:
            raise BuildGraphError("base name should not be blank", outline.base.line)
        base_stage = next((earlier for earlier in range(index) if _has_name(outlines[earlier], word)), None)
        base_image = None if base_stage is not None or word.lower() == SCRATCH else word
        dependencies = {base_stage} if base_stage is not None else set()
        for ref in outline.sources:
            source = _source_index(outlines, ref.word, ref.line)
            if source is not None:
                dependencies.add(source)
        nodes.append(
            StageNode(
                index=index,
                name=outline.name,
                label="" if single else (outline.name or f"stage-{index}"),
                line=outline.base.line,
                base_stage=base_stage,
                base_image=base_image,
                dependencies=frozenset(dependencies),
            )
        )
    return nodes


def _check_cycles(nodes: Sequence[StageNode], outlines: Sequence[StageOutline]) -> None:
    def edge_line(src: int, dst: int) -> int:
        if nodes[src].base_stage == dst:
            return outlines[src].base.line
        for ref in outlines[src].sources:
            if _source_index(outlines, ref.word, ref.line) == dst:
                return ref.line
        return nodes[src].line

    finished: set[int] = set()

    def visit(index: int, path: list[int]) -> None:
        if index in finished:
            return
        for dep in sorted(nodes[index].dependencies):
            if dep in path or dep == index:
                name = nodes[dep].name or f"stage-{dep}"
                raise BuildGraphError(f"circular dependency detected on stage: {name}", edge_line(index, dep))
            visit(dep, [*path, index])
        finished.add(index)

    for node in nodes:
        visit(node.index, [])


def plan_build(outlines: Sequence[StageOutline], target: str | None = None) -> BuildGraph:
    """Resolve the stages' references and order what ``target`` (default: the last stage) needs.

    >>> g = plan_build([StageOutline("b", Reference("busybox", 1, "FROM")),
    ...                 StageOutline(None, Reference("scratch", 3, "FROM"),
    ...                              (Reference("b", 4, "COPY --from"),))])
    >>> g.order
    (0, 1)
    """
    if not outlines:
        raise BuildGraphError("the Dockerfile has no stage (no FROM instruction)")
    nodes = _resolve(outlines)
    _check_cycles(nodes, outlines)
    if target is None:
        target_index = len(nodes) - 1
    else:
        found = next((node.index for node in nodes if _has_name(node, target)), None)
        if found is None:
            known = ", ".join(n.name for n in nodes if n.name) or "none"
            raise BuildGraphError(f'target stage "{target}" could not be found (stages: {known})')
        target_index = found

    order: list[int] = []

    def visit(index: int) -> None:
        if index in order:
            return
        for dep in sorted(nodes[index].dependencies):
            if dep > index:
                for ref in outlines[index].sources:
                    if _source_index(outlines, ref.word, ref.line) == dep:
                        current = nodes[index].name or f"stage-{index}"
                        raise BuildGraphError(
                            f'cannot copy from stage "{ref.word}", it needs to be defined before '
                            f'current stage "{current}"',
                            ref.line,
                        )
            visit(dep)
        order.append(index)

    visit(target_index)
    return BuildGraph(nodes=tuple(nodes), target=target_index, order=tuple(order))


def outline_dockerfile(dockerfile: Dockerfile) -> list[StageOutline]:
    """The stages of a parsed Dockerfile as the graph sees them: names, bases, ``--from`` words."""
    outlines = []
    for stage in dockerfile.stages:
        sources: list[Reference] = []
        for command in stage.commands:
            line = command.location.start
            if isinstance(command, Copy) and command.from_stage:
                sources.append(Reference(command.from_stage, line, "COPY --from"))
            elif isinstance(command, Run):
                sources += [
                    Reference(mount.from_stage, line, "RUN --mount from")
                    for mount in command.mounts
                    if mount.from_stage
                ]
        outlines.append(
            StageOutline(stage.name, Reference(stage.base, stage.location.start, "FROM"), tuple(sources))
        )
    return outlines
