"""The bytes package's comparisons of two []byte (slice headers, or None for nil)."""

from __future__ import annotations

from gmpsim.golib.sort import SliceHeader


def _visible(s: SliceHeader | None) -> bytes:
    return b"" if s is None else bytes(s.arr[s.off : s.off + s.len])


def equal(a: SliceHeader | None, b: SliceHeader | None) -> bool:
    """bytes.Equal: the same bytes (nil equals empty)."""
    return _visible(a) == _visible(b)


def contains(b: SliceHeader | None, sub: SliceHeader | None) -> bool:
    return _visible(sub) in _visible(b)
