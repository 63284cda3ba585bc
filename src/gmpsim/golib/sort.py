"""sort.Ints, sort.Strings and friends over a slice's elements (a Python list, sorted in place).

For ints and strings every correct sort gives the same order, so Python's sort serves; floats
follow Go's order, where NaN sorts before every other value.
"""

from __future__ import annotations

import math


def ints(a: list[int]) -> None:
    a.sort()


def strings(a: list[bytes]) -> None:
    a.sort()


def float64s(a: list[float]) -> None:
    a.sort(key=lambda x: (not math.isnan(x), 0.0 if math.isnan(x) else x))


def ints_are_sorted(a: list[int]) -> bool:
    return all(a[i] <= a[i + 1] for i in range(len(a) - 1))


def strings_are_sorted(a: list[bytes]) -> bool:
    return all(a[i] <= a[i + 1] for i in range(len(a) - 1))


def search_ints(a: list[int], x: int) -> int:
    """The index of the first element >= x (len(a) if none)."""
    import bisect

    return bisect.bisect_left(a, x)
