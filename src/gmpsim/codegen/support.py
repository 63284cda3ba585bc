"""Helpers the generated code calls for operations Python does differently from Go."""

from __future__ import annotations

import math
import struct
from collections.abc import Generator

from gmpsim.golib.fmt import Arg, format_v, kind_class
from gmpsim.runtime.ops import LOCK


class GoPanic(Exception):
    """A Go run-time panic raised by generated code, e.g. integer division by zero."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def idiv(a: int, b: int) -> int:
    """Go's integer division truncates toward zero."""
    if b == 0:
        raise GoPanic("runtime error: integer divide by zero")
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def imod(a: int, b: int) -> int:
    """Go's remainder has the sign of the dividend."""
    if b == 0:
        raise GoPanic("runtime error: integer divide by zero")
    r = abs(a) % abs(b)
    return r if a >= 0 else -r


def fdiv(a: float, b: float) -> float:
    """IEEE division: x/0 is ±Inf or NaN rather than an exception."""
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def f32(x: float) -> float:
    """float32(x): rounded to single precision (held in a Python float)."""
    try:
        return float(struct.unpack("f", struct.pack("f", x))[0])
    except OverflowError:
        return math.copysign(math.inf, x)


def float_to_int(x: float, bits: int, signed: bool) -> int:
    """T(x) for an integer type T, as amd64 converts: a value out of range (or NaN) becomes the
    CPU's "integer indefinite", the lowest value of the instruction's width, before the result
    is cut to T's size by the caller (uint64 above 2^63 goes through x - 2^63)."""
    if not signed and bits == 64 and not x < 2.0**63:
        return _truncate(x - 2.0**63, 64) | -(1 << 63)
    return _truncate(x, 32 if signed and bits <= 32 else 64)


def _truncate(x: float, width: int) -> int:
    limit = 1 << (width - 1)
    if math.isfinite(x) and -limit <= math.trunc(x) < limit:
        return math.trunc(x)
    return -limit


def panic_message(value: object, kind: str) -> str:
    """What ``panic: …`` shows for a value (printpanicval): strings raw, numbers as print does."""
    return _builtin_format(value, kind).decode("utf-8", "replace")


def rune_string(r: int) -> bytes:
    """string(rune): the UTF-8 encoding, U+FFFD for invalid code points."""
    if 0 <= r <= 0x10FFFF and not 0xD800 <= r <= 0xDFFF:
        return chr(r).encode()
    return "\ufffd".encode()


def builtin_println(args: tuple[Arg, ...]) -> bytes:
    """The builtin println (to stderr): operands separated by spaces."""
    return b" ".join(_builtin_format(v, k) for v, k in args) + b"\n"


def builtin_print(args: tuple[Arg, ...]) -> bytes:
    return b"".join(_builtin_format(v, k) for v, k in args)


def _builtin_format(value: object, kind: str) -> bytes:
    if kind_class(kind) == "float":
        assert isinstance(value, float)
        return _builtin_float(value).encode()
    if kind_class(kind) == "duration":
        return str(value).encode()
    return format_v(value, kind)


def _builtin_float(f: float) -> str:
    """The runtime's printfloat: +d.dddddde+xxx."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    mant, exp = f"{f:+.6e}".split("e")
    return f"{mant}e{exp[0]}{int(exp[1:]):03d}"


def chan_len(c: object) -> int:
    """len(ch): buffered values (0 for the nil channel)."""
    return 0 if c is None else len(c)  # type: ignore[arg-type]


def chan_cap(c: object) -> int:
    return 0 if c is None else int(c.cap)  # type: ignore[attr-defined]


def lock_mutex(mu: object) -> Generator[tuple[object, ...], bool, None]:
    """Mutex.Lock: ask until the runtime says the lock is ours (a woken waiter asks again)."""
    while not (yield (LOCK, mu)):
        pass
