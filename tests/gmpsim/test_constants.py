"""Go's constant arithmetic (gmpsim.frontend.constants): exact values, and rounding to float64
or float32 in one step, ties to even, with subnormals and overflow."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from gmpsim.frontend import constants

TWO = Fraction(2)


def test_float_literals_are_exact() -> None:
    assert constants.float_literal("1e23") == 10**23
    assert constants.float_literal(".1e-10") == Fraction(1, 10**11)
    assert constants.float_literal("1_000.5") == Fraction(2001, 2)
    assert constants.float_literal("0x1.8p1") == 3
    assert constants.float_literal("0x_1p-2") == Fraction(1, 4)


def test_sums_round_once_at_the_end() -> None:
    total = constants.arith("+", constants.float_literal("1e23"), constants.float_literal("8.388608e6"))
    assert total == 10**23 + 8388608
    assert constants.to_python(total) == 1.0000000000000001e23


def test_a_huge_exponent_is_held_wide_and_comes_back_exact() -> None:
    n, d = constants.float_literal("1e646456992"), constants.float_literal("1e646456991")
    quotient = constants.arith("/", n, d)
    assert isinstance(quotient, Fraction) and quotient == 10
    assert constants.compare(">", n, d)
    assert constants.round_float(n, "float64") is None


def test_float64_rounding_agrees_with_python_floats() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        q = Fraction(rng.getrandbits(80) - 2**79, rng.getrandbits(70) + 1) * TWO ** rng.randrange(-1100, 1000)
        expected = float(q)
        assert constants.round_float(q, "float64") == Fraction(expected)


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (1 + TWO**-24, "float32", Fraction(1)),  # a tie goes to the even neighbour
        (1 + 3 * TWO**-24, "float32", 1 + TWO**-22),
        (1 + TWO**-24 + TWO**-60, "float32", 1 + TWO**-23),  # not via float64, which would tie
        (TWO**-1075, "float64", Fraction(0)),  # halfway to the smallest subnormal: even is zero
        (3 * TWO**-1076, "float64", TWO**-1074),
        (TWO**1024 - TWO**971, "float64", TWO**1024 - TWO**971),  # the largest float64
        (-(TWO**-151) * 3, "float32", -(TWO**-149)),
    ],
)
def test_rounding_cases(value: Fraction, kind: str, expected: Fraction) -> None:
    assert constants.round_float(value, kind) == expected


def test_overflow_is_none_where_rounding_reaches_the_next_power() -> None:
    assert constants.round_float(TWO**1024 - TWO**970, "float64") is None  # a tie, up to 2^1024
    assert constants.round_float(TWO**1024 - TWO**970 - 1, "float64") == TWO**1024 - TWO**971
    assert constants.round_float(TWO**128, "float32") is None


def test_python_code_of_constants_is_always_valid_python() -> None:
    assert constants.py_code(Fraction(1, 4)) == "0.25"
    assert constants.py_code(TWO**2000) == "float('inf')"
    assert constants.py_code(b"x") == "b'x'"


def test_imaginary_literals_take_decimal_leading_zeros() -> None:
    assert constants.imaginary_literal("0123i") == constants.Complex(0, 123)
    assert constants.imaginary_literal("0x10i") == constants.Complex(0, 16)
    assert constants.imaginary_literal("1.5e3i") == constants.Complex(0, 1500)
    assert constants.imaginary_literal("0x1p-2i") == constants.Complex(0, Fraction(1, 4))


def test_complex_division_is_exact() -> None:
    third = constants.complex_arith("/", constants.Complex(0, 1), 3)
    assert third == constants.Complex(0, Fraction(1, 3))
    assert constants.compare("==", constants.complex_arith("*", third, 3), constants.Complex(0, 1))
    quotient = constants.complex_arith("/", constants.Complex(1, 2), constants.Complex(3, -4))
    assert quotient == constants.Complex(Fraction(-1, 5), Fraction(2, 5))


def test_complex_parts_round_and_overflow_separately() -> None:
    tenth = constants.float_literal("0.1")
    rounded = constants.round_complex(constants.Complex(tenth, 1), "complex64")
    assert rounded is not None and constants.to_python(rounded) == complex(0.10000000149011612, 1)
    assert constants.round_complex(constants.Complex(0, constants.float_literal("1e39")), "complex64") is None
    assert constants.py_code(constants.Complex(1, Fraction(1, 2))) == "complex(1, 0.5)"
