"""sort.Ints, sort.Strings and friends, sorting a slice's visible elements in place; sort.Slice,
sort.Sort and their stable forms, which call the program's comparison.

A slice arrives as the code generator's slice header (``arr``, ``off``, ``len``: see
gmpsim.codegen.containers) or ``None`` for the nil slice.  For ints and strings every correct
sort gives the same order, so Python's sort serves; floats follow Go's order, where NaN sorts
before every other value.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Generator
from typing import Any, Protocol


class SliceHeader(Protocol):
    arr: list[Any]
    off: int
    len: int


def _elements(s: SliceHeader | None) -> list[Any]:
    return [] if s is None else s.arr[s.off : s.off + s.len]


def _sort(s: SliceHeader | None, key: Callable[[Any], Any] | None = None) -> None:
    if s is not None:
        s.arr[s.off : s.off + s.len] = sorted(_elements(s), key=key)


def ints(s: SliceHeader | None) -> None:
    _sort(s)


def strings(s: SliceHeader | None) -> None:
    _sort(s)


def float64s(s: SliceHeader | None) -> None:
    _sort(s, key=lambda x: (not math.isnan(x), 0.0 if math.isnan(x) else x))


def ints_are_sorted(s: SliceHeader | None) -> bool:
    a = _elements(s)
    return all(a[i] <= a[i + 1] for i in range(len(a) - 1))


def strings_are_sorted(s: SliceHeader | None) -> bool:
    return ints_are_sorted(s)


def search_ints(s: SliceHeader | None, x: int) -> int:
    """The index of the first element >= x (len(a) if none)."""
    return bisect.bisect_left(_elements(s), x)


# ---- sorting with the program's own comparison (sort.Slice, sort.Sort and their stable forms) ----
#
# The comparison is the program's code, a generator function the goroutine runs (it costs
# virtual time and may be preempted), so the sort is a generator too.  It merges runs of
# indexes into the elements as they were when the call began -- ``less(i, j)`` compares those
# positions, which stay put until the end -- and then moves every element once.  The result is
# the stable order, which is what sort.SliceStable and sort.Stable promise.  sort.Slice and
# sort.Sort may order equal elements differently in Go (pdqsort from Go 1.19, quicksort
# before); gmpsim keeps them stable too.

Less = Callable[[int, int], Generator[Any, Any, bool]]


def _stable_order(n: int, less: Less) -> Generator[Any, Any, list[int]]:
    """The indexes 0..n-1 in stable sorted order (a bottom-up merge sort)."""
    runs = [[i] for i in range(n)]
    while len(runs) > 1:
        merged = []
        for k in range(0, len(runs) - 1, 2):
            a, b = runs[k], runs[k + 1]
            out: list[int] = []
            i = j = 0
            while i < len(a) and j < len(b):
                if (yield from less(b[j], a[i])):
                    out.append(b[j])
                    j += 1
                else:
                    out.append(a[i])
                    i += 1
            out += a[i:] or b[j:]
            merged.append(out)
        if len(runs) % 2:
            merged.append(runs[-1])
        runs = merged
    return runs[0] if runs else []


def slice_func(g: Any, x: Any, less: Any) -> Generator[Any, Any, None]:
    """sort.Slice / sort.SliceStable(x, less): x arrives boxed as an ``any``."""
    from gmpsim.golib.fmt import underlying

    kind = "zero" if x is None else underlying(x.kind)
    if not kind.startswith("[]"):
        from gmpsim.codegen.containers import string_panic

        raise string_panic(f"reflect: call of Swapper on {kind.partition('[')[0] or kind} Value")
    s = x.v
    if s is None:
        return
    order = yield from _stable_order(s.len, lambda i, j: less(g, i, j))
    values = _elements(s)
    s.arr[s.off : s.off + s.len] = [values[i] for i in order]


def sort_interface(g: Any, data: Any) -> Generator[Any, Any, None]:
    """sort.Sort / sort.Stable(data): Len, Less and Swap through data's methods."""
    from gmpsim.codegen.containers import icall

    n = yield from icall(g, data, "Len")
    order = yield from _stable_order(n, lambda i, j: icall(g, data, "Less", i, j))
    # Swap along each cycle of the permutation: position k must receive the element at order[k].
    where = list(range(n))  # where[i]: the position now holding the element first at i
    at = list(range(n))  # at[p]: the original index of the element now at position p
    for k in range(n):
        p = where[order[k]]
        if p != k:
            yield from icall(g, data, "Swap", k, p)
            at[k], at[p] = at[p], at[k]
            where[at[k]], where[at[p]] = k, p
