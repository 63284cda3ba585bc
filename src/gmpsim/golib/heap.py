"""container/heap: a binary min-heap kept in the program's own collection through heap.Interface.

Every step is a call of the program's Len, Less, Swap, Push or Pop method through the
interface value (``icall``), which runs the program's code on the goroutine, so each function
is a generator.  The sift-up and sift-down walks compare and swap in the same order as Go's, so
a program whose methods print or count sees the same calls.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

Steps = Generator[Any, Any, Any]


def _call(g: Any, h: Any, method: str, *args: Any) -> Steps:
    from gmpsim.codegen.containers import icall

    return (yield from icall(g, h, method, *args))


def _parent(j: int) -> int:
    """(j - 1) / 2 with Go's truncating division: the root (and j < 0) is its own parent."""
    q = abs(j - 1) // 2
    return q if j >= 1 else -q


def _up(g: Any, h: Any, j: int) -> Steps:
    while True:
        i = _parent(j)
        if i == j or not (yield from _call(g, h, "Less", j, i)):
            return
        yield from _call(g, h, "Swap", i, j)
        j = i


def _down(g: Any, h: Any, i0: int, n: int) -> Generator[Any, Any, bool]:
    """Sift element i0 down within the first n; whether it moved."""
    i = i0
    while True:
        left = 2 * i + 1
        if left >= n or left < 0:
            break
        j = left
        if left + 1 < n and (yield from _call(g, h, "Less", left + 1, left)):
            j = left + 1
        if not (yield from _call(g, h, "Less", j, i)):
            break
        yield from _call(g, h, "Swap", i, j)
        i = j
    return i > i0


def init(g: Any, h: Any) -> Steps:
    """heap.Init(h): heapify from the last parent back to the root."""
    n = yield from _call(g, h, "Len")
    for i in range(n // 2 - 1, -1, -1):
        yield from _down(g, h, i, n)


def push(g: Any, h: Any, x: Any) -> Steps:
    yield from _call(g, h, "Push", x)
    n = yield from _call(g, h, "Len")
    yield from _up(g, h, n - 1)


def pop(g: Any, h: Any) -> Steps:
    """heap.Pop(h): the least element moves to the end, where h.Pop takes it."""
    n = (yield from _call(g, h, "Len")) - 1
    yield from _call(g, h, "Swap", 0, n)
    yield from _down(g, h, 0, n)
    return (yield from _call(g, h, "Pop"))


def remove(g: Any, h: Any, i: int) -> Steps:
    """heap.Remove(h, i): element i moves to the end, the one it swapped with finds its place."""
    n = (yield from _call(g, h, "Len")) - 1
    if n != i:
        yield from _call(g, h, "Swap", i, n)
        if not (yield from _down(g, h, i, n)):
            yield from _up(g, h, i)
    return (yield from _call(g, h, "Pop"))


def fix(g: Any, h: Any, i: int) -> Steps:
    """heap.Fix(h, i): element i's order changed; sift it down or else up."""
    n = yield from _call(g, h, "Len")
    if not (yield from _down(g, h, i, n)):
        yield from _up(g, h, i)
