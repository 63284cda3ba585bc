"""Go's constant arithmetic: exact values, rounded only where a typed float constant needs it.

Integer constants are Python ints, as exact as Go's.  Float constants are Fractions, so that
``1e23 + 8.388608e6`` is the exact sum and rounds to float64 as Go's does.  A literal whose
exponent is too large for a rational to be practical (``1e646456992``) is a Decimal of 155
digits instead, as go/constant switches to a 512-bit big.Float; a result back in the usual
range becomes a Fraction again (``1e646456992 / 1e646456991`` is exactly 10).

A typed float constant's value is rounded to its type (``round_float``): to nearest, ties to
even, with the type's precision and subnormals, or None when it overflows.
"""

from __future__ import annotations

import decimal
import math
from fractions import Fraction

Number = int | Fraction | decimal.Decimal

# beyond this decimal exponent a float constant is held as a Decimal (go/constant's maxExp)
RATIONAL_EXPONENT_LIMIT = 4096
_WIDE = decimal.Context(prec=155, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def float_literal(text: str) -> Number:
    """The exact value of a Go floating-point literal (decimal or hexadecimal)."""
    t = text.replace("_", "").lower()
    if t.startswith("0x"):
        mantissa, _, exponent = t[2:].partition("p")
        whole, _, fraction = mantissa.partition(".")
        digits = int(whole + fraction or "0", 16)
        return Fraction(digits) * Fraction(2) ** (int(exponent or "0") - 4 * len(fraction))
    mantissa, _, exponent = t.partition("e")
    if abs(int(exponent or "0")) > RATIONAL_EXPONENT_LIMIT:
        return decimal.Decimal(t)
    whole, _, fraction = mantissa.partition(".")
    return Fraction(int(whole + fraction or "0")) * Fraction(10) ** (int(exponent or "0") - len(fraction))


def arith(op: str, a: Number, b: Number) -> Number:
    """a op b for + - * / on float constants (b is not zero for /): exact when it can be."""
    if isinstance(a, decimal.Decimal) or isinstance(b, decimal.Decimal):
        wide = {"+": _WIDE.add, "-": _WIDE.subtract, "*": _WIDE.multiply, "/": _WIDE.divide}[op]
        return _narrowed(wide(_wide(a), _wide(b)))
    x, y = Fraction(a), Fraction(b)
    result = {"+": x + y, "-": x - y, "*": x * y}.get(op)
    return x / y if result is None else result


def compare(op: str, a: Number, b: Number) -> bool:
    x, y = (
        (_wide(a), _wide(b)) if isinstance(a, decimal.Decimal) or isinstance(b, decimal.Decimal) else (a, b)
    )
    return {"==": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def is_integral(value: Number) -> bool:
    if isinstance(value, int):
        return True
    if isinstance(value, Fraction):
        return value.denominator == 1
    return value == value.to_integral_value()


def to_int(value: Number) -> int:
    """An integral float constant's integer value."""
    return int(value) if not isinstance(value, decimal.Decimal) else int(value.to_integral_value())


# (mantissa bits, exponent of the smallest subnormal's bit, exponent just past the largest value)
FLOAT_FORMATS = {"float64": (53, -1074, 1024), "float32": (24, -149, 128)}


def round_float(value: Number, kind: str) -> Fraction | None:
    """value rounded to float64 or float32 (to nearest, ties to even); None if it overflows."""
    bits, lowest, limit = FLOAT_FORMATS[kind]
    if isinstance(value, decimal.Decimal):
        if value == 0 or value.adjusted() < -2 * RATIONAL_EXPONENT_LIMIT:
            return Fraction(0)  # far below the smallest subnormal
        if value.adjusted() > 2 * RATIONAL_EXPONENT_LIMIT:
            return None
        value = Fraction(value)
    q = abs(Fraction(value))
    if q == 0:
        return Fraction(0)
    n, d = q.numerator, q.denominator
    top = n.bit_length() - d.bit_length()  # floor(log2 q) is top or top - 1
    if (n << max(0, -top)) < (d << max(0, top)):
        top -= 1
    lsb = max(top - (bits - 1), lowest)  # the exponent of the last bit the format keeps
    units = round(q / Fraction(2) ** lsb)  # round() of a Fraction rounds ties to even
    rounded = units * Fraction(2) ** lsb
    if rounded >= Fraction(2) ** limit:
        return None
    return rounded if value > 0 else -rounded


def to_python(value: object) -> object:
    """A constant as generated code and fmt hold it: floats as Python floats."""
    if isinstance(value, (Fraction, decimal.Decimal)):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    return value


def py_code(value: object) -> str:
    """A constant as a Python expression (a float that overflowed stays valid Python)."""
    python = to_python(value)
    if isinstance(python, float) and not math.isfinite(python):
        return f"float({str(python)!r})"
    return repr(python)


def _wide(value: Number) -> decimal.Decimal:
    if isinstance(value, decimal.Decimal):
        return value
    q = Fraction(value)
    return _WIDE.divide(decimal.Decimal(q.numerator), decimal.Decimal(q.denominator))


def _narrowed(value: decimal.Decimal) -> Number:
    if value == 0 or abs(value.adjusted()) <= RATIONAL_EXPONENT_LIMIT:
        return Fraction(value)
    return value
