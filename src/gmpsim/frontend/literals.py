"""Values of Go literals: integers in any base, runes and strings with Go's escapes (as bytes)."""

from __future__ import annotations

_SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34}


def int_value(text: str) -> int:
    t = text.replace("_", "").lower()
    if t.startswith(("0x", "0b", "0o")):
        return int(t, 0)
    if len(t) > 1 and t.startswith("0"):
        return int(t[1:], 8)
    return int(t)


def string_value(text: str) -> bytes:
    """The bytes of a "…" or `…` literal."""
    if text.startswith("`"):
        return text[1:-1].replace("\r", "").encode()
    return _unescape(text[1:-1])


def rune_value(text: str) -> int:
    body = text[1:-1]
    if body.startswith("\\"):
        if body[1] in "uU":
            return int(body[2:], 16)
        if body[1] == "x":
            return int(body[2:], 16)
        if body[1] in "01234567":
            return int(body[1:], 8)
        return _SIMPLE_ESCAPES[body[1]]
    return ord(body)


def _unescape(body: str) -> bytes:
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out += ch.encode()
            i += 1
            continue
        kind = body[i + 1]
        if kind == "x":
            out.append(int(body[i + 2 : i + 4], 16))
            i += 4
        elif kind in "01234567":
            out.append(int(body[i + 1 : i + 4], 8))
            i += 4
        elif kind == "u":
            out += chr(int(body[i + 2 : i + 6], 16)).encode()
            i += 6
        elif kind == "U":
            out += chr(int(body[i + 2 : i + 10], 16)).encode()
            i += 10
        else:
            out.append(_SIMPLE_ESCAPES[kind])
            i += 2
    return bytes(out)
