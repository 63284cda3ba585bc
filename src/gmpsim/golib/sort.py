"""sort.Ints, sort.Strings and friends, sorting a slice's visible elements in place.

A slice arrives as the code generator's slice header (``arr``, ``off``, ``len``: see
gmpsim.codegen.containers) or ``None`` for the nil slice.  For ints and strings every correct
sort gives the same order, so Python's sort serves; floats follow Go's order, where NaN sorts
before every other value.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
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
