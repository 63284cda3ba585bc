"""The math package's basics over float64 (Python ``float``), with Go's IEEE answers.

Python raises where Go returns NaN or ±Inf (``math.sqrt(-1)``, ``math.log(0)``,
``math.pow(0, -1)``), so those edges are spelt out here.  A float32 is a Python float holding a
float32's value; its NaNs keep their payload through Float32bits and Float32frombits (the
payload sits in the double's top mantissa bits, as a float32-to-float64 move puts it).
"""

from __future__ import annotations

import math
import struct

PI = math.pi
E = math.e
SQRT2 = math.sqrt(2)
LN2 = math.log(2)
MAX_FLOAT64 = 1.79769313486231570814527423731704356798070e308
SMALLEST_NONZERO_FLOAT64 = 4.9406564584124654417656879286822137236505980e-324
MAX_INT = MAX_INT64 = (1 << 63) - 1
MIN_INT = MIN_INT64 = -(1 << 63)
MAX_INT32, MIN_INT32 = (1 << 31) - 1, -(1 << 31)
MAX_INT16, MIN_INT16 = (1 << 15) - 1, -(1 << 15)
MAX_INT8, MIN_INT8 = 127, -128
MAX_UINT = MAX_UINT64 = (1 << 64) - 1
MAX_UINT32, MAX_UINT16, MAX_UINT8 = (1 << 32) - 1, (1 << 16) - 1, 255


def sqrt(x: float) -> float:
    """The SQRTSD instruction: a NaN stays itself, a negative number gives the sign-bit NaN."""
    if math.isnan(x):
        return x
    if x < 0:
        return math.inf - math.inf
    return math.sqrt(x)


def abs_(x: float) -> float:
    return math.fabs(x)


def floor(x: float) -> float:
    return x if math.isinf(x) or math.isnan(x) else float(math.floor(x))


def ceil(x: float) -> float:
    return x if math.isinf(x) or math.isnan(x) else float(math.ceil(x))


def trunc(x: float) -> float:
    return x if math.isinf(x) or math.isnan(x) else float(math.trunc(x))


def round_(x: float) -> float:
    """math.Round: half away from zero (Python's round is half to even)."""
    if math.isinf(x) or math.isnan(x):
        return x
    return math.copysign(math.floor(abs(x) + 0.5), x)


def max_(x: float, y: float) -> float:
    if (math.isinf(x) and x > 0) or (math.isinf(y) and y > 0):
        return math.inf
    if math.isnan(x) or math.isnan(y):
        return math.nan
    if x == 0 and y == 0:
        return y if math.copysign(1, x) < 0 else x
    return x if x > y else y


def min_(x: float, y: float) -> float:
    if (math.isinf(x) and x < 0) or (math.isinf(y) and y < 0):
        return -math.inf
    if math.isnan(x) or math.isnan(y):
        return math.nan
    if x == 0 and y == 0:
        return x if math.copysign(1, x) < 0 else y
    return x if x < y else y


def pow_(x: float, y: float) -> float:
    if x == 0 and y < 0:  # Python raises; Go gives ±Inf (the sign of x for odd integer y)
        odd = not math.isinf(y) and y == int(y) and int(y) % 2 == 1
        return math.copysign(math.inf, x) if odd else math.inf
    try:
        return math.pow(x, y)
    except OverflowError:
        return math.inf if x > 0 or (y == int(y) and not int(y) % 2) else -math.inf
    except ValueError:  # negative ** non-integer
        return math.nan


def log(x: float) -> float:
    if x == 0:
        return -math.inf
    if x < 0 or math.isnan(x):
        return math.nan
    return math.inf if math.isinf(x) else math.log(x)


def exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def mod(x: float, y: float) -> float:
    """math.Mod: the remainder of x/y with x's sign (NaN for y == 0)."""
    if y == 0 or math.isinf(x) or math.isnan(x) or math.isnan(y):
        return math.nan
    return math.fmod(x, y)


def inf(sign: int) -> float:
    return math.inf if sign >= 0 else -math.inf


def nan() -> float:
    """Go's NaN has the lowest mantissa bit set, where Python's has none."""
    return float64frombits(0x7FF8000000000001)


def is_nan(x: float) -> bool:
    return math.isnan(x)


def is_inf(x: float, sign: int) -> bool:
    return (sign >= 0 and x == math.inf) or (sign <= 0 and x == -math.inf)


def signbit(x: float) -> bool:
    return math.copysign(1.0, x) < 0


def hypot(p: float, q: float) -> float:
    return math.hypot(p, q)


def copysign(x: float, y: float) -> float:
    return math.copysign(x, y)


def float64bits(f: float) -> int:
    return int.from_bytes(struct.pack("<d", f), "little")


def float64frombits(b: int) -> float:
    return float(struct.unpack("<d", b.to_bytes(8, "little"))[0])


_F32_PAYLOAD_SHIFT = 52 - 23  # a float32 mantissa's place in a float64's


def float32bits(f: float) -> int:
    if math.isnan(f):
        bits = float64bits(f)
        return (bits >> 63) << 31 | 0xFF << 23 | (bits >> _F32_PAYLOAD_SHIFT) & 0x7FFFFF
    return int.from_bytes(struct.pack("<f", f), "little")


def float32frombits(b: int) -> float:
    if b & 0x7F800000 == 0x7F800000 and b & 0x7FFFFF:  # a NaN: the conversion would quiet it
        return float64frombits((b >> 31) << 63 | 0x7FF << 52 | (b & 0x7FFFFF) << _F32_PAYLOAD_SHIFT)
    return float(struct.unpack("<f", b.to_bytes(4, "little"))[0])
