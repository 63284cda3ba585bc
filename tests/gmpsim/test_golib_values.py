"""Library functions whose Go signatures need slices or errors, checked at the Python level.

The code generator cannot pass ``[]string`` or ``error`` values yet, so these pin down the
implementations the registry will call; every expected value was printed by the real go1.19.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from gmpsim.golib import errors, fmt, sort, strconv, strings


def _text(err: object) -> bytes:
    assert err is not None
    return err.Error()  # type: ignore[attr-defined]


def test_strconv_parse_errors_read_as_in_go() -> None:
    value, err = strconv.atoi(b"12a")
    assert (value, _text(err)) == (0, b'strconv.Atoi: parsing "12a": invalid syntax')
    value, err = strconv.parse_int(b"300", 10, 8)
    assert (value, _text(err)) == (127, b'strconv.ParseInt: parsing "300": value out of range')
    value, err = strconv.parse_int(b"-300", 10, 8)
    assert (value, _text(err)) == (-128, b'strconv.ParseInt: parsing "-300": value out of range')
    assert strconv.parse_int(b"", 10, 64)[0] == 0
    assert (
        _text(strconv.parse_int(b"1_000", 10, 64)[1]) == b'strconv.ParseInt: parsing "1_000": invalid syntax'
    )
    assert _text(strconv.parse_bool(b"yes")[1]) == b'strconv.ParseBool: parsing "yes": invalid syntax'


def test_strconv_accepts_go_literal_syntax() -> None:
    assert strconv.parse_int(b"0x1f", 0, 64) == (31, None)
    assert strconv.parse_int(b"0_17", 0, 64) == (15, None)
    assert strconv.parse_int(b"1_000", 0, 64) == (1000, None)
    assert strconv.parse_float(b"1_0", 64) == (10.0, None)
    value, err = strconv.parse_float(b"1e400", 64)
    assert value == math.inf and _text(err) == b'strconv.ParseFloat: parsing "1e400": value out of range'


def test_strings_that_return_slices() -> None:
    assert strings.split(b"a,b,c", b",") == [b"a", b"b", b"c"]
    assert strings.split(b"abc", b"") == [b"a", b"b", b"c"]
    assert strings.split_n(b"a,b,c", b",", 2) == [b"a", b"b,c"]
    assert strings.fields(b"  a b  c ") == [b"a", b"b", b"c"]
    assert strings.split_after(b"a,b,c", b",") == [b"a,", b"b,", b"c"]
    assert strings.join([b"x", b"y"], b"-") == b"x-y"


def test_errors_wrap_and_compare_by_identity() -> None:
    base = errors.new(b"base")
    wrapped = errors.WrapError(b"ctx: base", base)
    assert errors.is_(wrapped, base)
    assert not errors.is_(wrapped, errors.new(b"base"))
    assert errors.unwrap(wrapped) is base
    assert errors.as_(wrapped, lambda e: isinstance(e, errors.ErrorString)) is base


def test_fmt_prints_errors_and_nil_as_go() -> None:
    base = errors.new(b"base")
    wrapped = errors.WrapError(b"ctx: base", base)
    args = ((None, "error"), (None, "error"), (wrapped, "error"), (base, "error"))
    assert fmt.sprintf(b"%v %d %T %T", args) == b"<nil> %!d(<nil>) *fmt.wrapError *errors.errorString"
    assert fmt.sprintf(b"%s|%10v|%q|%x", ((base, "error"),) * 4) == b'base|      base|"base"|62617365'
    assert fmt.sprintln(((wrapped, "error"), (True, "bool"))) == b"ctx: base true\n"


def test_verbs_of_a_format() -> None:
    assert fmt.verbs(b"%d %%p %5.2f %[1]*p %-x 100%%") == {"d", "f", "p", "x"}
    assert fmt.verbs(b"no verbs %%") == set()


def test_fake_addresses_are_stable_and_distinct() -> None:
    a, b = object(), object()
    assert fmt.fake_address(a) == fmt.fake_address(a)
    assert fmt.fake_address(a) != fmt.fake_address(b)
    assert fmt.fake_address(a).startswith(b"0xc000")


@dataclass
class _Slice:
    arr: list[Any]
    off: int
    len: int


def test_sort_orders_a_slice_window_like_go() -> None:
    xs = _Slice([9, 3, 1, 2, 0], 1, 3)
    sort.ints(xs)
    assert xs.arr == [9, 1, 2, 3, 0]
    fs = _Slice([2.0, math.nan, -1.0], 0, 3)
    sort.float64s(fs)
    assert math.isnan(fs.arr[0]) and fs.arr[1:] == [-1.0, 2.0]
    sort.strings(None)
    assert sort.search_ints(_Slice([1, 3, 5], 0, 3), 4) == 2
    assert sort.ints_are_sorted(_Slice([1, 3, 5], 0, 3)) and not sort.ints_are_sorted(_Slice([3, 1], 0, 2))


def test_fmt_prints_slices_arrays_and_maps_as_go() -> None:
    """Slices as Python lists, maps as dicts, kinds as Go type names; printed by go1.19."""
    a, m, fm = [3, -1, 20], {b"b": 2, b"a": 1, b"c": 3}, {2.5: b"x", -1.0: b"y"}
    bs = list(b"hi!")
    line = fmt.sprintln(
        (
            (a, "[]int"),
            (None, "[]string"),
            (None, "map[string]int"),
            (m, "map[string]int"),
            (fm, "map[float64]string"),
            ([True, False, True], "[3]bool"),
            (bs, "[]uint8"),
            ([b"x", b"y z"], "[]string"),
            ([[1], [2, 3]], "[][]int"),
        )
    )
    assert (
        line == b"[3 -1 20] [] map[] map[a:1 b:2 c:3] map[-1:y 2.5:x] [true false true] [104 105 33] "
        b"[x y z] [[1] [2 3]]\n"
    )
    args = ((a, "[]int"),) * 4 + (
        ([b"p", b"q"], "[]string"),
        (a, "[]int"),
        (None, "[]string"),
        (m, "map[string]int"),
    )
    assert (
        fmt.sprintf(b"%v|%d|%5d|%x|%q|%#v|%#v|%#v", args)
        == b'[3 -1 20]|[3 -1 20]|[    3    -1    20]|[3 -1 14]|["p" "q"]|[]int{3, -1, 20}|[]string(nil)|'
        b'map[string]int{"a":1, "b":2, "c":3}'
    )
    assert fmt.sprintf(b"%s|%q|%x|%X|%v|%T", ((bs, "[]uint8"),) * 5 + ((m, "map[string]int"),)) == (
        b'hi!|"hi!"|686921|686921|[104 105 33]|map[string]int'
    )
    assert fmt.sprintf(
        b"%#v|%#v|%#v|%#v", ((b"str", "string"), (42, "int"), (7, "uint8"), (2.0, "float64"))
    ) == (b'"str"|42|0x7|2')


def test_errorf_wraps_the_first_w_operand_as_go119() -> None:
    base = errors.new(b"base")
    e1 = fmt.errorf(b"ctx %d: %w", ((7, "int"), (base, "error")))
    e2 = fmt.errorf(b"plain %s", ((b"x", "string"),))
    e3 = fmt.errorf(b"bad %w", ((5, "int"),))
    e4 = fmt.errorf(b"nil %w", ((None, "error"),))
    shown = [fmt.sprintf(b"%v|%T", ((e, "error"), (e, "error"))) for e in (e1, e2, e3, e4)]
    assert shown == [
        b"ctx 7: base|*fmt.wrapError",
        b"plain x|*errors.errorString",
        b"bad %!w(int=5)|*errors.errorString",
        b"nil %!w(<nil>)|*errors.errorString",
    ]
    assert errors.unwrap(e1) is base and errors.unwrap(e2) is None
    assert fmt.sprintf(b"%w|%v", ((base, "error"), (1, "int"))) == b"%!w(*errors.errorString=&{base})|1"
