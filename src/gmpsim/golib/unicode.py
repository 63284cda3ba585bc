"""The unicode package's classes and case mappings for runes (ints), as Go defines them.

Python's ``str`` methods know the Unicode tables; Go differs where a mapping is not one rune to
one rune (``"ß".upper()`` is ``"SS"`` in Python, ``ß`` unchanged in Go) and in what counts as
space, so those edges are handled here.
"""

from __future__ import annotations

import unicodedata

MAX_RUNE = 0x10FFFF
_LATIN1_SPACES = frozenset(b"\t\n\v\f\r \x85\xa0")


def _char(r: int) -> str | None:
    return chr(r) if 0 <= r <= MAX_RUNE and not 0xD800 <= r <= 0xDFFF else None


def is_space(r: int) -> bool:
    """unicode.IsSpace: Latin-1's six spaces, NEL and NBSP; beyond, the White_Space property."""
    if r <= 0xFF:
        return r in _LATIN1_SPACES
    c = _char(r)
    return c is not None and (unicodedata.category(c) == "Zs" or r in (0x2028, 0x2029))


def is_letter(r: int) -> bool:
    c = _char(r)
    return c is not None and unicodedata.category(c).startswith("L")


def is_digit(r: int) -> bool:
    c = _char(r)
    return c is not None and unicodedata.category(c) == "Nd"


def is_number(r: int) -> bool:
    c = _char(r)
    return c is not None and unicodedata.category(c).startswith("N")


def is_upper(r: int) -> bool:
    c = _char(r)
    return c is not None and unicodedata.category(c) == "Lu"


def is_lower(r: int) -> bool:
    c = _char(r)
    return c is not None and unicodedata.category(c) == "Ll"


def is_punct(r: int) -> bool:
    c = _char(r)
    return c is not None and unicodedata.category(c).startswith("P")


def _single(mapped: str, r: int) -> int:
    return ord(mapped) if len(mapped) == 1 else r


def to_upper(r: int) -> int:
    c = _char(r)
    return r if c is None else _single(c.upper(), r)


def to_lower(r: int) -> int:
    c = _char(r)
    return r if c is None else _single(c.lower(), r)


def fold_equal(a: int, b: int) -> bool:
    """Equal under simple case folding (the comparison strings.EqualFold makes rune by rune)."""
    return a == b or to_lower(a) == to_lower(b) or to_upper(a) == to_upper(b)
