"""The strconv package's common functions over Go strings (``bytes``), with Go's errors.

Parsing follows Go's grammar rather than Python's (no ``int("1_0")``, no surrounding spaces,
``0x`` prefixes only with base 0) and fails with a ``*strconv.NumError`` whose text is Go's.
"""

from __future__ import annotations

import math
import re

from gmpsim.golib import utf8
from gmpsim.golib.errors import ErrorString
from gmpsim.golib.fmt import format_float as _format_float
from gmpsim.golib.fmt import to_float32

ERR_SYNTAX = ErrorString(b"invalid syntax")
ERR_RANGE = ErrorString(b"value out of range")
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


class NumError:
    """*strconv.NumError: ``strconv.Atoi: parsing "x": invalid syntax``."""

    go_type = "*strconv.NumError"

    def __init__(self, func: str, num: bytes, err: object) -> None:
        self.func = func
        self.num = num
        self.err = err

    def Error(self) -> bytes:
        return f"strconv.{self.func}: parsing ".encode() + quote(self.num) + b": " + self.err.Error()  # type: ignore[attr-defined]

    def Unwrap(self) -> object:
        return self.err


def itoa(i: int) -> bytes:
    return str(i).encode()


def format_int(i: int, base: int) -> bytes:
    if not 2 <= base <= 36:
        from gmpsim.codegen.containers import string_panic

        raise string_panic("strconv: illegal AppendInt/FormatInt base")
    u, digits = abs(i), []
    while True:
        u, d = divmod(u, base)
        digits.append(DIGITS[d])
        if u == 0:
            break
    return (("-" if i < 0 else "") + "".join(reversed(digits))).encode()


def format_bool(b: bool) -> bytes:
    return b"true" if b else b"false"


def format_float(f: float, fmt: int, prec: int, bit_size: int) -> bytes:
    return _format_float(f, chr(fmt), prec, bit_size).encode()


_PREFIXES = {"0b": 2, "0o": 8, "0x": 16}


def parse_uint(s: bytes, base: int, bit_size: int, func: str = "ParseUint") -> tuple[int, object]:
    text = s.decode("latin-1")
    if not text:
        return 0, NumError(func, s, ERR_SYNTAX)
    if base == 0:
        base = 10
        if text[:2].lower() in _PREFIXES:
            base, text = _PREFIXES[text[:2].lower()], text[2:]
        elif text[0] == "0" and len(text) > 1:
            base, text = 8, text[1:]
        if "_" in text:
            if not underscores_ok(s.decode("latin-1")):
                return 0, NumError(func, s, ERR_SYNTAX)
            text = text.replace("_", "")
        if not text:
            return 0, NumError(func, s, ERR_SYNTAX)
    elif not 2 <= base <= 36:
        return 0, NumError(func, s, ErrorString(f"invalid base {base}".encode()))
    value = 0
    for ch in text.lower():
        d = DIGITS.find(ch)
        if d < 0 or d >= base:
            return 0, NumError(func, s, ERR_SYNTAX)
        value = value * base + d
    bits = bit_size or 64
    if value >= 1 << bits:
        return (1 << bits) - 1, NumError(func, s, ERR_RANGE)
    return value, None


def underscores_ok(s: str) -> bool:
    """Go's rule for literal underscores: each sits between two digits (or after a base prefix)."""
    hex_digits = s[:2].lower() == "0x"
    saw = "^"  # what came before: ^ start, 0 digit or prefix, _ underscore, ! anything else
    i = 0
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "box":
        saw, i = "0", 2
    for ch in s[i:]:
        if ch.isdigit() or (hex_digits and ch.lower() in "abcdef"):
            saw = "0"
        elif ch == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def parse_int(s: bytes, base: int, bit_size: int, func: str = "ParseInt") -> tuple[int, object]:
    if not s:
        return 0, NumError(func, s, ERR_SYNTAX)
    neg = s[:1] == b"-"
    body = s[1:] if s[:1] in (b"+", b"-") else s
    u, err = parse_uint(body, base, bit_size, func)
    if err is not None and getattr(err, "err", None) is not ERR_RANGE:
        err.num = s  # type: ignore[attr-defined]
        return 0, err
    bits = bit_size or 64
    limit = 1 << (bits - 1)
    if err is not None or (not neg and u >= limit) or (neg and u > limit):
        return (-limit if neg else limit - 1), NumError(func, s, ERR_RANGE)
    return (-u if neg else u), None


def atoi(s: bytes) -> tuple[int, object]:
    return parse_int(s, 10, 0, "Atoi")


def parse_bool(s: bytes) -> tuple[bool, object]:
    if s in (b"1", b"t", b"T", b"TRUE", b"true", b"True"):
        return True, None
    if s in (b"0", b"f", b"F", b"FALSE", b"false", b"False"):
        return False, None
    return False, NumError("ParseBool", s, ERR_SYNTAX)


_DECIMAL = re.compile(r"[+-]?(\d+(_\d+)*\.?(\d+(_\d+)*)?|\.\d+(_\d+)*)([eE][+-]?\d+(_\d+)*)?")
_HEX = re.compile(r"[+-]?0[xX](_?[0-9a-fA-F]+)*\.?([0-9a-fA-F]+(_[0-9a-fA-F]+)*)?[pP][+-]?\d+")
_SPECIAL = {"inf": math.inf, "+inf": math.inf, "-inf": -math.inf, "infinity": math.inf,
            "+infinity": math.inf, "-infinity": -math.inf, "nan": math.nan}  # fmt: skip


def parse_float(s: bytes, bit_size: int) -> tuple[float, object]:
    text = s.decode("latin-1")
    special = _SPECIAL.get(text.lower())
    if special is not None:
        return special, None
    if _HEX.fullmatch(text):
        value = float.fromhex(text.replace("_", ""))
    elif _DECIMAL.fullmatch(text) and underscores_ok(text.lstrip("+-")):
        try:
            value = float(text.replace("_", ""))
        except OverflowError:
            value = math.inf
    else:
        return 0.0, NumError("ParseFloat", s, ERR_SYNTAX)
    if bit_size == 32:
        value = to_float32(value)
    if math.isinf(value):
        return value, NumError("ParseFloat", s, ERR_RANGE)
    return value, None


def _escaped_rune(r: int, quote_char: int, ascii_only: bool) -> str:
    if r in (quote_char, ord("\\")):
        return "\\" + chr(r)
    if (r < utf8.RUNE_SELF and 0x20 <= r < 0x7F) or (not ascii_only and r >= utf8.RUNE_SELF and is_print(r)):
        return chr(r)
    simple = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}
    if r in simple:
        return simple[r]
    if r < 0x20 or r == 0x7F:
        return f"\\x{r:02x}"
    if not utf8.valid_rune(r):
        r = utf8.RUNE_ERROR
    if r < 0x10000:
        return f"\\u{r:04x}"
    return f"\\U{r:08x}"


def is_print(r: int) -> bool:
    """strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space."""
    if r == 0x20:
        return True
    import unicodedata

    if not utf8.valid_rune(r):
        return False
    return unicodedata.category(chr(r))[0] in "LMNPS"


def _quote_with(s: bytes, quote_char: int, ascii_only: bool) -> bytes:
    out = [chr(quote_char)]
    for i, r, width in utf8.runes(s):
        if width == 1 and r == utf8.RUNE_ERROR:
            out.append(f"\\x{s[i]:02x}")
        else:
            out.append(_escaped_rune(r, quote_char, ascii_only))
    out.append(chr(quote_char))
    return "".join(out).encode()


def quote(s: bytes) -> bytes:
    """strconv.Quote."""
    return _quote_with(s, ord('"'), ascii_only=False)


def quote_to_ascii(s: bytes) -> bytes:
    return _quote_with(s, ord('"'), ascii_only=True)


def quote_rune(r: int) -> bytes:
    """strconv.QuoteRune: an invalid rune is quoted as U+FFFD."""
    if not utf8.valid_rune(r):
        r = utf8.RUNE_ERROR
    return ("'" + _escaped_rune(r, ord("'"), ascii_only=False) + "'").encode()


def quote_rune_to_ascii(r: int) -> bytes:
    if not utf8.valid_rune(r):
        r = utf8.RUNE_ERROR
    return ("'" + _escaped_rune(r, ord("'"), ascii_only=True) + "'").encode()
