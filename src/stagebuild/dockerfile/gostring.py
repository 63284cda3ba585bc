"""Go's view of strings, where BuildKit-compatible output depends on it.

Two things differ between Go and Python and show up byte for byte in BuildKit's parse dumps and
in how words are split: ``strconv.Quote`` (Go escapes; invalid UTF-8 bytes as ``\\xNN``) and
``unicode.IsSpace`` (Python's ``str.isspace`` also accepts U+001C..U+001F). Text is decoded with
``surrogateescape`` throughout the front end, so an invalid byte survives as one lone surrogate
and is quoted back as the byte it was.
"""

from __future__ import annotations

from collections.abc import Iterable

_LATIN1_SPACES = frozenset("\t\n\v\f\r \x85\xa0")
_OTHER_SPACES = frozenset("\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)
_NAMED_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def is_space(ch: str) -> bool:
    """Go's ``unicode.IsSpace`` for one character."""
    if ord(ch) < 0x100:
        return ch in _LATIN1_SPACES
    return ch in _OTHER_SPACES


def trim_space(text: str) -> str:
    """Go's ``strings.TrimSpace``."""
    start, end = 0, len(text)
    while start < end and is_space(text[start]):
        start += 1
    while end > start and is_space(text[end - 1]):
        end -= 1
    return text[start:end]


def decode(data: bytes) -> str:
    """Bytes as text the way Go holds them: valid UTF-8 decoded, other bytes kept one for one."""
    return data.decode("utf-8", "surrogateescape")


def quote(s: str) -> str:
    """Go's ``strconv.Quote``: a double-quoted literal with Go escapes."""
    out = ['"']
    for ch in s:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ch in _NAMED_ESCAPES:
            out.append(_NAMED_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def quote_list(items: Iterable[str]) -> str:
    """Go's ``fmt.Sprintf("%q", []string{...})``: ``["a" "b"]``."""
    return "[" + " ".join(quote(s) for s in items) + "]"
