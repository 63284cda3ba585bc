"""Go's constant arithmetic: exact values, rounded only where a typed float constant needs it.

Integer constants are Python ints, as exact as Go's.  Float constants are Fractions, so that
``1e23 + 8.388608e6`` is the exact sum and rounds to float64 as Go's does.  A literal whose
exponent is too large for a rational to be practical (``1e646456992``) is a Decimal of 155
digits instead, as go/constant switches to a 512-bit big.Float; a result back in the usual
range becomes a Fraction again (``1e646456992 / 1e646456991`` is exactly 10).

A typed float constant's value is rounded to its type (``round_float``): to nearest, ties to
even, with the type's precision and subnormals, or None when it overflows.  A complex constant
is a :class:`Complex`, a pair of such numbers, each part rounded on its own.
"""

from __future__ import annotations

import decimal
import math
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Complex:
    """An exact complex constant: real and imaginary parts."""

    re: Number
    im: Number


def imaginary_literal(text: str) -> Complex:
    """The value of ``2i``, ``1.5e3i``, ``0x1p-2i``: a decimal literal with leading zeros
    (``0123i``) stays decimal, unlike an integer literal."""
    t = text[:-1].replace("_", "").lower()
    if t.startswith(("0x", "0b", "0o")) and "p" not in t and "." not in t:
        return Complex(0, int(t, 0))
    return Complex(0, float_literal(t))


def as_complex(value: Number | Complex) -> Complex:
    return value if isinstance(value, Complex) else Complex(value, 0)


def complex_arith(op: str, a: Number | Complex, b: Number | Complex) -> Complex:
    """a op b for + - * / on complex constants (b is not zero for /), exact as arith is."""
    x, y = as_complex(a), as_complex(b)
    if op in "+-":
        return Complex(arith(op, x.re, y.re), arith(op, x.im, y.im))
    ac, bd = arith("*", x.re, y.re), arith("*", x.im, y.im)
    ad, bc = arith("*", x.re, y.im), arith("*", x.im, y.re)
    if op == "*":
        return Complex(arith("-", ac, bd), arith("+", ad, bc))
    norm = arith("+", arith("*", y.re, y.re), arith("*", y.im, y.im))
    return Complex(arith("/", arith("+", ac, bd), norm), arith("/", arith("-", bc, ad), norm))


def is_zero(value: Number | Complex) -> bool:
    c = as_complex(value)
    return c.re == 0 and c.im == 0


def arith(op: str, a: Number, b: Number) -> Number:
    """a op b for + - * / on float constants (b is not zero for /): exact when it can be."""
    if isinstance(a, decimal.Decimal) or isinstance(b, decimal.Decimal):
        wide = {"+": _WIDE.add, "-": _WIDE.subtract, "*": _WIDE.multiply, "/": _WIDE.divide}[op]
        return _narrowed(wide(_wide(a), _wide(b)))
    x, y = Fraction(a), Fraction(b)
    result = {"+": x + y, "-": x - y, "*": x * y}.get(op)
    return x / y if result is None else result


def compare(op: str, a: Number | Complex, b: Number | Complex) -> bool:
    if isinstance(a, Complex) or isinstance(b, Complex):  # only == and != are defined
        x, y = as_complex(a), as_complex(b)
        equal = compare("==", x.re, y.re) and compare("==", x.im, y.im)
        return equal if op == "==" else not equal
    p, q = (
        (_wide(a), _wide(b)) if isinstance(a, decimal.Decimal) or isinstance(b, decimal.Decimal) else (a, b)
    )
    return {"==": p == q, "!=": p != q, "<": p < q, "<=": p <= q, ">": p > q, ">=": p >= q}[op]


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


def round_complex(value: Number | Complex, kind: str) -> Complex | None:
    """value rounded to complex128 or complex64, part by part; None if a part overflows."""
    c = as_complex(value)
    part = "float32" if kind == "complex64" else "float64"
    re, im = round_float(c.re, part), round_float(c.im, part)
    return None if re is None or im is None else Complex(re, im)


def to_python(value: object) -> object:
    """A constant as generated code and fmt hold it: floats as Python floats, complex numbers
    as Python complex ones."""
    if isinstance(value, Complex):
        return complex(_float(value.re), _float(value.im))
    if isinstance(value, (Fraction, decimal.Decimal)):
        return _float(value)
    return value


def _float(value: Number) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def py_code(value: object) -> str:
    """A constant as a Python expression (a float that overflowed stays valid Python)."""
    if isinstance(value, Complex):
        return f"complex({py_code(value.re)}, {py_code(value.im)})"
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
