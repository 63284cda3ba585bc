"""Helpers the generated code calls for operations Python does differently from Go."""

from __future__ import annotations

import math
import struct
from collections.abc import Generator
from types import FrameType

from gmpsim.frontend import GoSyntaxError, Pos
from gmpsim.golib.fmt import Arg, format_v, kind_class
from gmpsim.runtime.ops import LOCK


class GoUnwind(Exception):
    """A panic or a ``runtime.Goexit`` unwinding a goroutine's stack (the runtime's _panic record).

    Python's exception propagation does the unwinding: every function with deferred calls
    catches it, runs them (``gmpsim.codegen.panics.run_defers``) and re-raises it unless one of
    them recovered it.  Each goroutine keeps the records its deferred calls have seen in
    ``g.panics``, oldest first, which is what ``recover`` reads and a dying goroutine prints.
    """

    goexit = False

    def __init__(self) -> None:
        super().__init__()
        self.recovered = False  # a deferred call recovered it: unwinding stops when that call returns
        self.aborted = False  # a newer panic unwound past the deferred call it was running
        self.deferring: FrameType | None = None  # the frame of the deferred call it is running


class GoPanic(GoUnwind):
    """panic(value).  ``value`` is the interface{} value the panic carries: a Box, None (panic(nil)
    before Go 1.21), or an error value, such as the ``GoRuntimeError`` of a run-time panic."""

    def __init__(self, value: object) -> None:
        super().__init__()
        self.value = value


class SimulationLimit(Exception):
    """The program asks for more than gmpsim simulates, though Go would give it: the run stops
    with a ``gmpsim:`` note (exit status 2) instead of a wrong answer or an exhausted host."""


class GoExit(GoUnwind):
    """runtime.Goexit: deferred calls run as for a panic, but recover returns nil."""

    goexit = True


class GoRuntimeError:
    """A runtime.Error value (Go's boundsError, plainError, errorString, *TypeAssertionError):
    what a run-time panic carries and ``recover`` returns.  ``signal`` is the ``[signal …]``
    line Go prints under an unrecovered panic caused by a fault."""

    def __init__(self, text: str, go_type: str, signal: str = "") -> None:
        self.text = text.encode()
        self.go_type = go_type
        self.signal = signal

    def Error(self) -> bytes:
        return self.text

    def RuntimeError(self) -> None:
        """The marker method of the runtime.Error interface."""


# the dynamic types of run-time panics' values
BOUNDS_ERROR = "runtime.boundsError"  # index and slice bounds
PLAIN_ERROR = "runtime.plainError"  # channels, nil maps: Error() has no "runtime error: " prefix
ASSERTION_ERROR = "*runtime.TypeAssertionError"


def runtime_panic(text: str, go_type: str = "runtime.errorString", signal: str = "") -> GoPanic:
    """A run-time panic: ``text`` is the error's Error(), ``go_type`` its dynamic type."""
    return GoPanic(GoRuntimeError(text, go_type, signal))


NIL_DEREF_SIGNAL = "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]"


def nil_deref_panic() -> GoPanic:
    return runtime_panic(
        "runtime error: invalid memory address or nil pointer dereference", signal=NIL_DEREF_SIGNAL
    )


def idiv(a: int, b: int) -> int:
    """Go's integer division truncates toward zero."""
    if a >= 0 and b > 0:  # the usual case, where Python's floor division agrees
        return a // b
    if b == 0:
        raise runtime_panic("runtime error: integer divide by zero")
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def imod(a: int, b: int) -> int:
    """Go's remainder has the sign of the dividend."""
    if a >= 0 and b > 0:
        return a % b
    if b == 0:
        raise runtime_panic("runtime error: integer divide by zero")
    r = abs(a) % abs(b)
    return r if a >= 0 else -r


def shift(a: int, count: int, left: bool) -> int:
    """a << count or a >> count for a variable count: past 64 every bit is gone (the caller
    wraps the result to a's size); a negative count panics."""
    if count < 0:
        raise runtime_panic("runtime error: negative shift amount")
    return a << min(count, 64) if left else a >> count


# the NaN an amd64 float operation makes (sign bit set), unlike Python's math.nan
HARDWARE_NAN = math.inf - math.inf


def fdiv(a: float, b: float) -> float:
    """IEEE division: x/0 is ±Inf or NaN rather than an exception."""
    if b == 0:
        if a == 0 or math.isnan(a):
            return a if math.isnan(a) else HARDWARE_NAN
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def cdiv(n: complex, m: complex) -> complex:
    """n / m as the runtime's complex128div: Smith's scaled division, then C99's recovery of
    infinities and zeros where it produced NaN in both parts; never a panic."""
    a, b, c, d = n.real, n.imag, m.real, m.imag
    if abs(c) >= abs(d):
        ratio = fdiv(d, c)
        denom = c + ratio * d
        e, f = fdiv(a + b * ratio, denom), fdiv(b - a * ratio, denom)
    else:
        ratio = fdiv(c, d)
        denom = d + ratio * c
        e, f = fdiv(a * ratio + b, denom), fdiv(b * ratio - a, denom)
    if not (math.isnan(e) and math.isnan(f)):
        return complex(e, f)
    finite = all(math.isfinite(x) for x in (c, d))
    if m == 0 and not (math.isnan(a) and math.isnan(b)):
        scale = math.copysign(math.inf, c)
        return complex(scale * a, scale * b)
    if (math.isinf(a) or math.isinf(b)) and finite:
        a, b = _unit_if_infinite(a), _unit_if_infinite(b)
        return complex(math.inf * (a * c + b * d), math.inf * (b * c - a * d))
    if (math.isinf(c) or math.isinf(d)) and math.isfinite(a) and math.isfinite(b):
        c, d = _unit_if_infinite(c), _unit_if_infinite(d)
        return complex(0.0 * (a * c + b * d), 0.0 * (b * c - a * d))
    return complex(e, f)


def _unit_if_infinite(x: float) -> float:
    """±1 for an infinity, ±0 otherwise, with x's sign."""
    return math.copysign(1.0 if math.isinf(x) else 0.0, x)


def c64(x: complex) -> complex:
    """complex64(x): each part rounded to single precision."""
    return complex(f32(x.real), f32(x.imag))


def f32(x: float) -> float:
    """float32(x): rounded to single precision (held in a Python float); a NaN as it is, so
    that negating a float32 NaN keeps its payload (the conversion would quiet it)."""
    if x != x:
        return x
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
    return builtin_format(value, kind).decode("utf-8", "replace")


def rune_string(r: int) -> bytes:
    """string(rune): the UTF-8 encoding, U+FFFD for invalid code points."""
    if 0 <= r <= 0x10FFFF and not 0xD800 <= r <= 0xDFFF:
        return chr(r).encode()
    return "\ufffd".encode()


def builtin_println(args: tuple[Arg, ...], shortest: bool = False) -> bytes:
    """The builtin println (to stderr): operands separated by spaces; ``shortest``: the
    release prints numbers with a fraction in strconv's shortest form."""
    return b" ".join(builtin_format(v, k, shortest) for v, k in args) + b"\n"


def builtin_print(args: tuple[Arg, ...], shortest: bool = False) -> bytes:
    return b"".join(builtin_format(v, k, shortest) for v, k in args)


def print_address(value: object, nil_text: bytes, path: str, pos: Pos) -> bytes:
    """What the builtin print shows for a pointer, slice, map, channel, function or interface:
    its nil form; a real address cannot be reproduced, so printing one stops the run."""
    if value is None:
        return nil_text
    raise GoSyntaxError(
        path, pos, "unsupported: print or println of a non-nil pointer, slice, map, etc. (an address)"
    )


def builtin_format(value: object, kind: str, shortest: bool = False) -> bytes:
    """One operand as the builtin print (and a panic's message) shows it: floats as
    +d.dddddde+xxx, complex numbers as (re im i) of two such, or (shortest) as fmt's %v."""
    cls = kind_class(kind)
    if shortest and cls in ("float", "complex"):
        return format_v(value, kind)
    if cls == "float":
        assert isinstance(value, float)
        return _builtin_float(value).encode()
    if cls == "complex":
        assert isinstance(value, complex)
        return f"({_builtin_float(value.real)}{_builtin_float(value.imag)}i)".encode()
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
