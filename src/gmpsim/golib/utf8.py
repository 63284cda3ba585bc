"""unicode/utf8 over Go strings (Python ``bytes``): decoding one rune at a time as Go does.

Python's codecs replace a maximal invalid subsequence with one U+FFFD; Go's ``DecodeRune`` takes
exactly one byte of an invalid sequence as ``RuneError`` of width 1, and every ``range`` loop,
``[]rune`` conversion and ``RuneCount`` follows it, so it is written out here.
"""

from __future__ import annotations

from collections.abc import Iterator

RUNE_ERROR = 0xFFFD
RUNE_SELF = 0x80
UTF_MAX = 4
MAX_RUNE = 0x10FFFF
SURROGATES = range(0xD800, 0xE000)


def decode_rune(s: bytes, i: int = 0) -> tuple[int, int]:
    """utf8.DecodeRune(s[i:]): (rune, width); (RuneError, 0) at the end of s.

    Each invalid byte is its own (RuneError, 1), unlike in Python's decoder.
    """
    n = len(s) - i
    if n <= 0:
        return RUNE_ERROR, 0
    b0 = s[i]
    if b0 < 0x80:
        return b0, 1
    if 0xC2 <= b0 <= 0xDF:
        size, rune, lo = 2, b0 & 0x1F, 0x80
    elif 0xE0 <= b0 <= 0xEF:
        size, rune, lo = 3, b0 & 0x0F, 0xA0 if b0 == 0xE0 else 0x80
    elif 0xF0 <= b0 <= 0xF4:
        size, rune, lo = 4, b0 & 0x07, 0x90 if b0 == 0xF0 else 0x80
    else:
        return RUNE_ERROR, 1
    hi = 0x9F if b0 == 0xED else 0x8F if b0 == 0xF4 else 0xBF
    for k in range(1, size):
        if k >= n:
            return RUNE_ERROR, 1
        b = s[i + k]
        if not (lo if k == 1 else 0x80) <= b <= (hi if k == 1 else 0xBF):
            return RUNE_ERROR, 1
        rune = rune << 6 | b & 0x3F
    return rune, size


def decode_last_rune(s: bytes) -> tuple[int, int]:
    """utf8.DecodeLastRuneInString."""
    if not s:
        return RUNE_ERROR, 0
    start = len(s) - 1
    limit = max(0, len(s) - UTF_MAX)
    while start > limit and s[start] & 0xC0 == 0x80:
        start -= 1
    rune, size = decode_rune(s, start)
    if start + size != len(s):
        return RUNE_ERROR, 1
    return rune, size


def runes(s: bytes) -> Iterator[tuple[int, int, int]]:
    """``for i, r := range s``: (byte index, rune, width)."""
    i = 0
    while i < len(s):
        rune, width = decode_rune(s, i)
        yield i, rune, width
        i += width


def rune_count(s: bytes) -> int:
    """utf8.RuneCountInString."""
    return sum(1 for _ in runes(s))


def valid_rune(r: int) -> bool:
    return 0 <= r <= MAX_RUNE and r not in SURROGATES


def encode_rune(r: int) -> bytes:
    """The UTF-8 bytes of r; RuneError's for an invalid rune (string(r), utf8.EncodeRune)."""
    return chr(r if valid_rune(r) else RUNE_ERROR).encode()


def rune_len(r: int) -> int:
    """utf8.RuneLen: -1 for a rune that cannot be encoded."""
    return len(encode_rune(r)) if valid_rune(r) else -1


def valid_string(s: bytes) -> bool:
    """utf8.ValidString."""
    return all(not (r == RUNE_ERROR and w == 1) for _, r, w in runes(s))


def rune_start(b: int) -> bool:
    """utf8.RuneStart."""
    return b & 0xC0 != 0x80


def decode_string(s: bytes) -> str:
    """Go's view of s as text: each invalid byte becomes U+FFFD."""
    return "".join(chr(r) for _, r, _ in runes(s))
