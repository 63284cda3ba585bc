"""The build graph: how stages name each other, which ones a target needs, and in what order."""

from __future__ import annotations

import pytest

from stagebuild.dockerfile.instructions import parse_dockerfile
from stagebuild.graph.stages import BuildGraphError, Reference, StageOutline, outline_dockerfile, plan_build


def stage(name: str | None, base: str, line: int, *sources: tuple[str, int]) -> StageOutline:
    return StageOutline(
        name, Reference(base, line, "FROM"), tuple(Reference(w, n, "COPY --from") for w, n in sources)
    )


def test_copy_from_by_name_and_index_orders_dependencies_first() -> None:
    graph = plan_build(
        [
            stage("tools", "busybox", 1),
            stage("Builder", "busybox", 3),
            stage(None, "scratch", 5, ("builder", 6), ("0", 7)),
        ]
    )
    assert graph.target == 2
    assert graph.order == (0, 1, 2)
    assert graph.nodes[2].dependencies == {0, 1}
    assert graph.nodes[2].is_scratch
    assert graph.nodes[2].label == "stage-2"


def test_target_drops_stages_it_does_not_need() -> None:
    graph = plan_build(
        [
            stage("base", "busybox", 1),
            stage("broken", "does-not-exist", 3),
            stage("app", "base", 5),
        ],
        target="APP",
    )
    assert graph.order == (0, 2)
    assert graph.nodes[2].base_stage == 0
    assert graph.nodes[2].base_image is None


def test_from_names_only_earlier_stages() -> None:
    graph = plan_build([stage("a", "later", 1), stage("later", "busybox", 2)], target="a")
    assert graph.nodes[0].base_image == "later"
    assert graph.order == (0,)


def test_unknown_copy_from_is_an_image() -> None:
    graph = plan_build([stage(None, "busybox", 1, ("alpine:3", 2))])
    assert graph.nodes[0].dependencies == frozenset()
    assert graph.source("alpine:3", 2) is None
    assert graph.nodes[0].label == ""


def test_unknown_target_is_an_error() -> None:
    with pytest.raises(BuildGraphError, match='target stage "nope" could not be found'):
        plan_build([stage("a", "busybox", 1)], target="nope")


def test_cycle_names_the_line() -> None:
    with pytest.raises(BuildGraphError, match="circular dependency") as info:
        plan_build([stage("a", "busybox", 1, ("b", 2)), stage("b", "busybox", 4, ("a", 5))])
    assert info.value.line in (2, 5)


def test_self_copy_is_a_cycle() -> None:
    with pytest.raises(BuildGraphError, match="circular dependency detected on stage: a") as info:
        plan_build([stage("a", "busybox", 1, ("a", 3))])
    assert info.value.line == 3


def test_copy_from_a_later_stage_is_refused_when_needed() -> None:
    outlines = [stage("a", "busybox", 1, ("b", 2)), stage("b", "busybox", 4)]
    with pytest.raises(BuildGraphError, match="needs to be defined before") as info:
        plan_build(outlines, target="a")
    assert info.value.line == 2
    assert plan_build(outlines, target="b").order == (1,)


def test_bad_index_and_variables_in_from() -> None:
    with pytest.raises(BuildGraphError, match="invalid stage index 4"):
        plan_build([stage(None, "busybox", 1, ("4", 2))])
    with pytest.raises(BuildGraphError, match="variable expansion is not supported"):
        plan_build([stage(None, "busybox", 1, ("$X", 2))])


def test_outline_of_a_parsed_dockerfile() -> None:
    dockerfile = parse_dockerfile(
        "ARG BASE=busybox\n"
        "FROM ${BASE} AS tools\n"
        "FROM tools AS build\n"
        "RUN --mount=type=bind,from=tools,target=/t true\n"
        "FROM scratch\n"
        "COPY --from=build /x /x\n"
    )
    outlines = outline_dockerfile(dockerfile)
    assert [o.base.word for o in outlines] == ["busybox", "tools", "scratch"]
    assert outlines[1].sources == (Reference("tools", 4, "RUN --mount from"),)
    assert outlines[2].sources == (Reference("build", 6, "COPY --from"),)
    graph = plan_build(outlines)
    assert graph.order == (0, 1, 2)
    assert graph.nodes[1].base_stage == 0
