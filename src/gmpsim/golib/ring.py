"""container/ring: circular lists of ``ring.Ring`` elements, each with a program-owned Value.

A Ring is a library struct (see gmpsim.golib.structs) whose unexported ``next`` and ``prev``
link it to its neighbours; a pointer to one is the struct itself and nil is ``None``.  As in Go,
a Ring whose links are still nil (a zero ``ring.Ring`` or ``&ring.Ring{}``) becomes a ring of
one the first time a method follows them, and a method that follows a nil receiver's links
dereferences nil.  Do calls the program's function, a generator, so Do is one too.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from gmpsim.golib.structs import LibStruct

RING = LibStruct("ring.Ring", (("next", "*ring.Ring"), ("prev", "*ring.Ring"), ("Value", "any")))
NEXT, PREV, VALUE = range(3)


def _linked(r: Any) -> Any:
    """r, its links made if it has none yet (a ring of one); nil panics as Go's r.next does."""
    if r is None:
        from gmpsim.codegen.containers import nil_deref

        nil_deref()
    if r[NEXT] is None:
        r[NEXT] = r[PREV] = r
    return r


def new(n: int) -> Any:
    """ring.New(n): n linked zero Rings (nil for n <= 0)."""
    if n <= 0:
        return None
    first = RING.new(None, None, None)
    last = first
    for _ in range(n - 1):
        r = RING.new(None, last, None)
        last[NEXT] = r
        last = r
    last[NEXT], first[PREV] = first, last
    return first


def next_(r: Any) -> Any:
    return _linked(r)[NEXT]


def prev(r: Any) -> Any:
    return _linked(r)[PREV]


def move(r: Any, n: int) -> Any:
    """r.Move(n): the element n steps forward (backward for n < 0).  Go walks all n steps; once
    the walk is back at r, whole turns round the ring change nothing and are skipped."""
    start, link = _linked(r), NEXT if n > 0 else PREV
    steps = abs(n)
    walked = 0
    while walked < steps:
        r, walked = r[link], walked + 1
        if r is start:
            steps = walked + (steps - walked) % walked
    return r


def link(r: Any, s: Any) -> Any:
    """r.Link(s): splice s's ring in after r (or take r's successors out of it when s is in r's
    ring too); the result is r's former successor."""
    n = next_(r)
    if s is not None:
        p = prev(s)
        r[NEXT], s[PREV] = s, r
        n[PREV], p[NEXT] = p, n
    return n


def unlink(r: Any, n: int) -> Any:
    """r.Unlink(n): take out the n elements after r, returned as a ring of their own."""
    return None if n <= 0 else link(r, move(r, n + 1))


def length(r: Any) -> int:
    """r.Len(): the number of elements of r's ring (0 for nil), counted by walking it."""
    if r is None:
        return 0
    n, p = 1, next_(r)
    while p is not r:
        n, p = n + 1, p[NEXT]
    return n


def do(g: Any, r: Any, f: Any) -> Generator[Any, Any, None]:
    """r.Do(f): f(Value) for each element, forward from r (none for nil)."""
    if r is None:
        return
    if f is None:
        from gmpsim.codegen.containers import nil_deref

        nil_deref()
    yield from f(g, r[VALUE])
    p = next_(r)
    while p is not r:
        yield from f(g, p[VALUE])
        p = p[NEXT]
