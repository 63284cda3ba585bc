"""fmt's formatting of the supported types, as Println, Print and Printf write them.

Values arrive as (value, kind) pairs, kind being the code generator's name for how the value is
represented: "int", "uint", "float", "string" (bytes), "bool" or "duration".
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from gmpsim.golib.time import duration_string

Arg = tuple[object, str]


def format_v(value: object, kind: str) -> bytes:
    """%v."""
    if kind == "string":
        assert isinstance(value, bytes)
        return value
    if kind == "bool":
        return b"true" if value else b"false"
    if kind == "float":
        assert isinstance(value, float)
        return format_float(value, "g", -1).encode()
    if kind == "duration":
        assert isinstance(value, int)
        return duration_string(value).encode()
    return str(value).encode()


def sprintln(args: tuple[Arg, ...]) -> bytes:
    return b" ".join(format_v(v, k) for v, k in args) + b"\n"


def sprint(args: tuple[Arg, ...]) -> bytes:
    """Print: a space between operands when neither is a string."""
    out = bytearray()
    prev_string = True
    for i, (v, k) in enumerate(args):
        is_string = k == "string"
        if i > 0 and not is_string and not prev_string:
            out += b" "
        out += format_v(v, k)
        prev_string = is_string
    return bytes(out)


_VERB = re.compile(rb"%([-+# 0]*)(\d+|\*)?(?:\.(\d+|\*)?)?(.)", re.S)


def sprintf(fmt: bytes, args: tuple[Arg, ...]) -> bytes:
    out = bytearray()
    argi = 0
    pos = 0
    for m in _VERB.finditer(fmt):
        out += fmt[pos : m.start()]
        pos = m.end()
        flags = m.group(1).decode()
        width_s, prec_s, verb = m.group(2), m.group(3), m.group(4).decode("latin-1")
        if verb == "%":
            out += b"%"
            continue
        width = -1
        if width_s == b"*":
            width, argi = int(args[argi][0]), argi + 1  # type: ignore[call-overload]
        elif width_s:
            width = int(width_s)
        prec = -1
        if m.group(0).find(b".") >= 0:
            prec = 0
            if prec_s == b"*":
                prec, argi = int(args[argi][0]), argi + 1  # type: ignore[call-overload]
            elif prec_s:
                prec = int(prec_s)
        if argi >= len(args):
            out += b"%!" + verb.encode() + b"(MISSING)"
            continue
        value, kind = args[argi]
        argi += 1
        out += _pad(_format_verb(verb, flags, prec, value, kind), width, flags, kind, verb)
    out += fmt[pos:]
    if argi < len(args):
        extra = ", ".join(_typename(k) + "=" + format_v(v, k).decode() for v, k in args[argi:])
        out += f"%!(EXTRA {extra})".encode()
    return bytes(out)


def _typename(kind: str) -> str:
    return {"float": "float64", "duration": "time.Duration"}.get(kind, kind)


def _format_verb(verb: str, flags: str, prec: int, value: object, kind: str) -> bytes:
    if verb == "v":
        if kind == "float" and prec >= 0:
            return format_float(float(value), "g", prec).encode()  # type: ignore[arg-type]
        return format_v(value, kind)
    if kind in ("int", "uint", "duration"):
        assert isinstance(value, int)
        if verb == "d":
            s = str(value)
            return (("+" + s) if "+" in flags and value >= 0 else s).encode()
        if verb in "xXob":
            base = {"x": "x", "X": "X", "o": "o", "b": "b"}[verb]
            s = format(abs(value), base)
            if "#" in flags and verb in "xX":
                s = "0" + verb + s
            return (("-" if value < 0 else "") + s).encode()
        if verb == "c":
            return chr(value).encode()
        if verb == "q":
            return ("'" + chr(value) + "'").encode()
    if kind == "string":
        assert isinstance(value, bytes)
        if verb == "s":
            return value if prec < 0 else value[:prec]
        if verb == "q":
            return quote(value).encode()
        if verb in "xX":
            return value.hex().upper().encode() if verb == "X" else value.hex().encode()
    if kind == "bool" and verb == "t":
        return format_v(value, kind)
    if kind == "float" and verb in "efgEG":
        s = format_float(float(value), verb.lower(), prec if prec >= 0 else (6 if verb in "ef" else -1))  # type: ignore[arg-type]
        return (s.upper() if verb in "EG" else s).encode()
    if kind == "float" and verb == "f":
        return format_float(float(value), "f", prec if prec >= 0 else 6).encode()  # type: ignore[arg-type]
    return b"%!" + verb.encode() + b"(" + _typename(kind).encode() + b"=" + format_v(value, kind) + b")"


def _pad(s: bytes, width: int, flags: str, kind: str, verb: str) -> bytes:
    if width < 0 or len(s) >= width:
        return s
    fill = width - len(s)
    if "-" in flags:
        return s + b" " * fill
    if ("0" in flags and kind in ("int", "uint", "float", "duration") and verb != "v") or (
        "0" in flags and verb == "d"
    ):
        sign = s[:1] if s[:1] in (b"-", b"+") else b""
        return sign + b"0" * fill + s[len(sign) :]
    return b" " * fill + s


def quote(b: bytes) -> str:
    """strconv.Quote for the common cases."""
    out = ['"']
    for ch in b.decode("utf-8", errors="replace"):
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def format_float(f: float, fmt: str, prec: int) -> str:
    """strconv.FormatFloat(f, fmt, prec, 64) for fmt in e, f, g."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if fmt == "f":
        return f"{f:.{prec}f}"
    if fmt == "e":
        return _go_exponent(f"{f:.{prec}e}")
    # %g: shortest digits when prec < 0, with Go's rule for choosing the exponent form
    if prec < 0:
        sign, digits, exponent = Decimal(repr(f)).as_tuple()
        assert isinstance(exponent, int)
        ds = "".join(map(str, digits)).rstrip("0") or "0"
        dp = len(digits) + exponent if f != 0 else 1
        exp = dp - 1
        neg = "-" if sign else ""
        if exp < -4 or exp >= 6:  # shortest: "use precision 6 for this decision"
            mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
            return f"{neg}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
        if dp <= 0:
            return f"{neg}0.{'0' * -dp}{ds}"
        if dp >= len(ds):
            return f"{neg}{ds}{'0' * (dp - len(ds))}"
        return f"{neg}{ds[:dp]}.{ds[dp:]}"
    return _go_exponent(f"{f:.{max(prec, 1)}g}")


def _go_exponent(s: str) -> str:
    """Python writes e+5 or e+05 by case; Go always at least two digits."""
    m = re.search(r"e([+-])(\d+)$", s)
    if not m:
        return s
    return s[: m.start()] + f"e{m.group(1)}{int(m.group(2)):02d}"
