"""The strings package over Go strings (Python ``bytes``), with Go's answers at the edges.

Byte-oriented functions map onto ``bytes`` methods; the rune-aware ones (case mapping, spaces,
``Count``/``Replace``/``Split`` with an empty separator) go rune by rune through
:mod:`gmpsim.golib.utf8` so that invalid UTF-8 behaves as in Go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from gmpsim.golib import unicode, utf8


def contains(s: bytes, substr: bytes) -> bool:
    return substr in s


def contains_any(s: bytes, chars: bytes) -> bool:
    return index_any(s, chars) >= 0


def contains_rune(s: bytes, r: int) -> bool:
    return index_rune(s, r) >= 0


def count(s: bytes, substr: bytes) -> int:
    """Non-overlapping instances; ``Count(s, "")`` is the number of runes plus one."""
    if not substr:
        return utf8.rune_count(s) + 1
    return s.count(substr)


def has_prefix(s: bytes, prefix: bytes) -> bool:
    return s.startswith(prefix)


def has_suffix(s: bytes, suffix: bytes) -> bool:
    return s.endswith(suffix)


def index(s: bytes, substr: bytes) -> int:
    return s.find(substr)


def last_index(s: bytes, substr: bytes) -> int:
    return s.rfind(substr)


def index_byte(s: bytes, c: int) -> int:
    return s.find(bytes([c & 0xFF]))


def last_index_byte(s: bytes, c: int) -> int:
    return s.rfind(bytes([c & 0xFF]))


def index_rune(s: bytes, r: int) -> int:
    """The first rune r; RuneError matches an invalid byte as well as U+FFFD itself."""
    if 0 <= r < utf8.RUNE_SELF:
        return s.find(bytes([r]))
    if r == utf8.RUNE_ERROR:
        return next((i for i, rr, _ in utf8.runes(s) if rr == utf8.RUNE_ERROR), -1)
    if not utf8.valid_rune(r):
        return -1
    return s.find(utf8.encode_rune(r))


def index_any(s: bytes, chars: bytes) -> int:
    wanted = {r for _, r, _ in utf8.runes(chars)}
    return next((i for i, r, _ in utf8.runes(s) if r in wanted), -1)


def index_func(s: bytes, f: Callable[[int], bool]) -> int:
    return next((i for i, r, _ in utf8.runes(s) if f(r)), -1)


def compare(a: bytes, b: bytes) -> int:
    return (a > b) - (a < b)


def equal_fold(s: bytes, t: bytes) -> bool:
    """Equal under simple Unicode case folding."""
    a, b = list(utf8.runes(s)), list(utf8.runes(t))
    return len(a) == len(b) and all(unicode.fold_equal(x, y) for (_, x, _), (_, y, _) in zip(a, b))


def repeat(s: bytes, n: int) -> bytes:
    if n < 0:
        from gmpsim.codegen.containers import string_panic  # here: codegen imports the library

        raise string_panic("strings: negative Repeat count")
    return s * n


def replace(s: bytes, old: bytes, new: bytes, n: int) -> bytes:
    """At most n (all if n < 0) replacements; an empty old matches before every rune and at the end."""
    if old == new or n == 0:
        return s
    if old:
        return s.replace(old, new, n if n >= 0 else -1)
    out = bytearray()
    done = 0
    for i, _, width in utf8.runes(s):
        if n >= 0 and done == n:
            out += s[i:]
            return bytes(out)
        out += new + s[i : i + width]
        done += 1
    if n < 0 or done < n:
        out += new
    return bytes(out)


def replace_all(s: bytes, old: bytes, new: bytes) -> bytes:
    return replace(s, old, new, -1)


def split_n(s: bytes, sep: bytes, n: int) -> list[bytes]:
    """strings.SplitN: n > 0 at most n pieces, n == 0 none, n < 0 all; an empty sep splits runes."""
    if n == 0:
        return []
    if not sep:
        pieces = [s[i : i + w] for i, _, w in utf8.runes(s)]
        if 0 < n < len(pieces):
            pieces = [*pieces[: n - 1], s[sum(len(p) for p in pieces[: n - 1]) :]]
        return pieces
    return s.split(sep, n - 1 if n > 0 else -1)


def split(s: bytes, sep: bytes) -> list[bytes]:
    return split_n(s, sep, -1)


def split_after(s: bytes, sep: bytes) -> list[bytes]:
    if not sep:
        return split(s, sep)
    parts = s.split(sep)
    return [p + sep for p in parts[:-1]] + [parts[-1]]


def fields(s: bytes) -> list[bytes]:
    """Runs of non-space runes."""
    return fields_func(s, unicode.is_space)


def fields_func(s: bytes, f: Callable[[int], bool]) -> list[bytes]:
    out: list[bytes] = []
    start = -1
    for i, r, _ in utf8.runes(s):
        if f(r):
            if start >= 0:
                out.append(s[start:i])
                start = -1
        elif start < 0:
            start = i
    if start >= 0:
        out.append(s[start:])
    return out


def join(elems: Iterable[bytes] | None, sep: bytes) -> bytes:
    """strings.Join of a slice's elements (None is the nil slice)."""
    return sep.join(elems or ())


def map_runes(mapping: Callable[[int], int], s: bytes) -> bytes:
    """strings.Map: a negative result drops the rune; invalid bytes come out as U+FFFD."""
    out = bytearray()
    for _, r, _ in utf8.runes(s):
        m = mapping(r)
        if m >= 0:
            out += utf8.encode_rune(m)
    return bytes(out)


def to_upper(s: bytes) -> bytes:
    if s.isascii():
        return s.upper()
    return map_runes(unicode.to_upper, s)


def to_lower(s: bytes) -> bytes:
    if s.isascii():
        return s.lower()
    return map_runes(unicode.to_lower, s)


def trim_space(s: bytes) -> bytes:
    return trim_right_func(trim_left_func(s, unicode.is_space), unicode.is_space)


def trim_left_func(s: bytes, f: Callable[[int], bool]) -> bytes:
    for i, r, _ in utf8.runes(s):
        if not f(r):
            return s[i:]
    return b""


def trim_right_func(s: bytes, f: Callable[[int], bool]) -> bytes:
    end = len(s)
    while end > 0:
        r, width = utf8.decode_last_rune(s[:end])
        if not f(r):
            break
        end -= width
    return s[:end]


def _in_cutset(cutset: bytes) -> Callable[[int], bool]:
    runes = {r for _, r, _ in utf8.runes(cutset)}
    return runes.__contains__


def trim(s: bytes, cutset: bytes) -> bytes:
    return trim_right(trim_left(s, cutset), cutset)


def trim_left(s: bytes, cutset: bytes) -> bytes:
    return trim_left_func(s, _in_cutset(cutset)) if s and cutset else s


def trim_right(s: bytes, cutset: bytes) -> bytes:
    return trim_right_func(s, _in_cutset(cutset)) if s and cutset else s


def trim_prefix(s: bytes, prefix: bytes) -> bytes:
    return s[len(prefix) :] if prefix and s.startswith(prefix) else s


def trim_suffix(s: bytes, suffix: bytes) -> bytes:
    return s[: -len(suffix)] if suffix and s.endswith(suffix) else s


def cut(s: bytes, sep: bytes) -> tuple[bytes, bytes, bool]:
    """strings.Cut: before, after, found."""
    i = s.find(sep)
    if i < 0:
        return s, b"", False
    return s[:i], s[i + len(sep) :], True


class Builder:
    """A strings.Builder or bytes.Buffer (the writing half), shared by reference (Go forbids
    copying a Builder in use, and a copied Buffer would share its bytes)."""

    __slots__ = ("buf",)

    def __init__(self) -> None:
        self.buf = bytearray()

    def write(self, data: bytes) -> tuple[int, None]:
        """Write and WriteString: (bytes written, nil error)."""
        self.buf += data
        return len(data), None

    def write_byte(self, c: int) -> None:
        self.buf.append(c)

    def write_rune(self, r: int) -> tuple[int, None]:
        from gmpsim.codegen.support import rune_string

        return self.write(rune_string(r))

    def grow(self, n: int, owner: str) -> None:
        """Grow(n) of a strings.Builder or bytes.Buffer (owner): room is not modelled."""
        if n < 0:
            from gmpsim.codegen.containers import string_panic

            raise string_panic(f"{owner}.Grow: negative count")
