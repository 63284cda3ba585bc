"""fmt's formatting, as Println, Print, Printf and the Sprint/Errorf family write it.

Values arrive as ``(value, kind)`` pairs.  ``kind`` is the Go type's name (``"int64"``,
``"uint8"``, ``"float32"``, ``"time.Duration"``, ``"string"``, ``"bool"``, ``"error"``…) or one
of the code generator's representation classes (``"int"``, ``"uint"``, ``"float"``,
``"duration"``).  Go strings are ``bytes``, integers ``int``, floats ``float``, complex
numbers ``complex``; an error is any object with an ``Error() -> bytes`` method and a Stringer
one with ``String() -> bytes`` (see :mod:`gmpsim.golib.errors`); ``None`` is a nil interface.

Printf follows fmt's rules for flags (``+ - # space 0``), width, precision (``*`` included) and
its error strings (``%!d(string=x)``, ``%!d(MISSING)``, ``%!(EXTRA …)``, ``%!(NOVERB)``).
Written by hand because the output must match Go's byte for byte, which no Python library does.
"""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from gmpsim.golib import utf8
from gmpsim.golib.time import duration_string, time_string

Arg = tuple[object, str]

_SIGNED = frozenset({"int", "int8", "int16", "int32", "int64", "rune"})
_UNSIGNED = frozenset({"uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "byte"})
_FLOATS = {"float": 64, "float64": 64, "float32": 32}
_COMPLEX = {"complex128": 128, "complex64": 64}
# types fmt prints as an address, like Go's pointers (by the prefix of their name)
_POINTER_LIKE = ("chan ", "chan<- ", "<-chan ", "func(", "*")
# a declared type's kind is "main.Celsius=float64": its name, then its underlying type's kind
# ("main.Names=[]string", "[]main.Celsius=float64" for a slice of them)
_DECLARED = re.compile(r"=[\w.]+")
_DECLARED_OUTER = re.compile(r"([\w.]+)=(.+)", re.DOTALL)
_TYPE_NAMES = {
    "struct{}": "struct {}",
    "float": "float64",
    "duration": "time.Duration",
    "rune": "int32",
    "byte": "uint8",
}


def type_name(kind: str) -> str:
    """What %T prints for a value of this kind."""
    declared = _DECLARED_OUTER.fullmatch(kind)
    if declared is not None:
        return declared.group(1)
    return _TYPE_NAMES.get(kind, _DECLARED.sub("", kind))


def underlying(kind: str) -> str:
    """The kind of a declared type's underlying type (the kind itself for other types)."""
    declared = _DECLARED_OUTER.fullmatch(kind)
    return kind if declared is None else declared.group(2)


def kind_class(kind: str) -> str:
    """The representation class of a kind: int, uint, float, complex, string, bool, duration or
    kind itself."""
    kind = underlying(kind)
    if kind in _SIGNED:
        return "int"
    if kind in _UNSIGNED:
        return "uint"
    if kind in _FLOATS:
        return "float"
    if kind in _COMPLEX:
        return "complex"
    if kind in ("duration", "time.Duration"):
        return "duration"
    return kind


def _methods(value: object) -> bytes | None:
    """The text of an error's Error or a Stringer's String method (fmt's handleMethods)."""
    for name in ("Error", "String"):
        method = getattr(value, name, None)
        if method is not None and not isinstance(value, (bytes, int, float)):
            text = method()
            assert isinstance(text, bytes)
            return text
    return None


def format_v(value: object, kind: str) -> bytes:
    """%v."""
    return _Printer().verb(value, kind, "v")


def sprintln(args: tuple[Arg, ...]) -> bytes:
    return b" ".join(format_v(v, k) for v, k in args) + b"\n"


def sprint(args: tuple[Arg, ...]) -> bytes:
    """Print: a space between operands when neither is a string."""
    out = bytearray()
    prev_string = True
    for i, (v, k) in enumerate(args):
        is_string = kind_class(k) == "string" and isinstance(v, bytes)
        if i > 0 and not is_string and not prev_string:
            out += b" "
        out += format_v(v, k)
        prev_string = is_string
    return bytes(out)


@dataclass(frozen=True)
class _Flags:
    plus: bool = False
    minus: bool = False
    sharp: bool = False
    space: bool = False
    zero: bool = False
    width: int = -1
    prec: int = -1
    plus_v: bool = False  # %+v: struct field names


_NUMBER = re.compile(rb"\d+")


def sprintf(fmt: bytes, args: tuple[Arg, ...]) -> bytes:
    """Printf's formatting of args by fmt."""
    return _format(fmt, args, wrapping=False)[0]


def errorf(fmt: bytes, args: tuple[Arg, ...]) -> object:
    """fmt.Errorf: a *fmt.wrapError around the operand of the first %w, else a *errors.errorString."""
    from gmpsim.golib import errors

    text, wrapped = _format(fmt, args, wrapping=True)
    return errors.ErrorString(text) if wrapped is None else errors.WrapError(text, wrapped)


def _format(fmt: bytes, args: tuple[Arg, ...], wrapping: bool) -> tuple[bytes, object]:
    """The formatted text and, when wrapping (Errorf), the error operand of the first %w."""
    out = bytearray()
    argi = 0
    wrapped: object = None
    reordered = False  # an explicit [n] index was used: no %!(EXTRA …) then
    i, end = 0, len(fmt)
    while i < end:
        pct = fmt.find(b"%", i)
        if pct < 0:
            out += fmt[i:]
            break
        out += fmt[i:pct]
        i = pct + 1
        flags = _Flags()
        while i < end and fmt[i : i + 1] in (b"+", b"-", b"#", b" ", b"0"):
            c = fmt[i : i + 1]
            if c == b"+":
                flags = replace(flags, plus=True)
            elif c == b"-":
                flags = replace(flags, minus=True, zero=False)
            elif c == b"#":
                flags = replace(flags, sharp=True)
            elif c == b" ":
                flags = replace(flags, space=True)
            else:
                flags = replace(flags, zero=not flags.minus)
            i += 1
        argi, i, indexed, good = _arg_index(fmt, i, argi, len(args))
        reordered = reordered or indexed
        # width: a number or *
        if fmt[i : i + 1] == b"*":
            i += 1
            width, argi, ok = _int_arg(args, argi)
            if not ok:
                out += b"%!(BADWIDTH)"
            elif width < 0:
                flags = replace(flags, minus=True, zero=False, width=-width)
            else:
                flags = replace(flags, width=width)
        else:
            m = _NUMBER.match(fmt, i)
            if m:
                flags = replace(flags, width=int(m.group()))
                i = m.end()
                if indexed:  # an index must come right before the * or the verb it numbers
                    good = False
        if fmt[i : i + 1] == b".":
            i += 1
            argi, i, indexed_prec, good_prec = _arg_index(fmt, i, argi, len(args))
            reordered, good = reordered or indexed_prec, good and good_prec
            if fmt[i : i + 1] == b"*":
                i += 1
                prec, argi, ok = _int_arg(args, argi)
                if not ok or prec < 0:
                    out += b"%!(BADPREC)"
                    prec = -1
                flags = replace(flags, prec=prec)
            else:
                m = _NUMBER.match(fmt, i)
                flags = replace(flags, prec=int(m.group()) if m else 0)
                if m:
                    i = m.end()
        argi, i, indexed_verb, good_verb = _arg_index(fmt, i, argi, len(args))
        reordered, good = reordered or indexed_verb, good and good_verb
        if i >= end:
            out += b"%!(NOVERB)"
            break
        verb_rune, width = utf8.decode_rune(fmt, i)
        verb = chr(verb_rune)
        i += width
        if verb == "%":
            out += b"%"
            continue
        if not good:
            out += b"%!" + verb.encode() + b"(BADINDEX)"
            continue
        if verb == "v" and flags.plus:  # %+v asks for field names, not a sign
            flags = replace(flags, plus=False, plus_v=True)
        if argi >= len(args):
            out += b"%!" + verb.encode() + b"(MISSING)"
            continue
        value, kind = args[argi]
        argi += 1
        if verb == "w" and wrapping and wrapped is None and _methods(value) is not None:
            wrapped, verb = value, "v"
        out += _Printer(flags).verb(value, kind, verb)
    if not reordered and argi < len(args):
        extra = b", ".join(
            (b"<nil>" if v is None else type_name(k).encode() + b"=" + format_v(v, k)) for v, k in args[argi:]
        )
        out += b"%!(EXTRA " + extra + b")"
    return bytes(out), wrapped


_INDEX = re.compile(rb"\[(\d+)\]")


def _arg_index(fmt: bytes, i: int, argi: int, nargs: int) -> tuple[int, int, bool, bool]:
    """An explicit argument index ``[n]`` at i: (next argument, position after it, whether there
    was one, whether it was good)."""
    if fmt[i : i + 1] != b"[":
        return argi, i, False, True
    m = _INDEX.match(fmt, i)
    if m is None or not 1 <= int(m.group(1)) <= nargs:
        close = fmt.find(b"]", i)
        return argi, (close + 1 if close >= 0 else i + 1), True, False
    return int(m.group(1)) - 1, m.end(), True, True


def _int_arg(args: tuple[Arg, ...], argi: int) -> tuple[int, int, bool]:
    """A * width or precision: (value, next arg index, whether the arg was an int)."""
    if argi >= len(args):
        return 0, argi, False
    value, kind = args[argi]
    if kind_class(kind) not in ("int", "uint") or not isinstance(value, int):
        return 0, argi + 1, False
    return value, argi + 1, -1_000_000 < value < 1_000_000


class _Printer:
    """One operand under one verb and set of flags."""

    def __init__(self, flags: _Flags | None = None) -> None:
        self.f = flags or _Flags()
        self.depth = 0  # inside how many slices, arrays, maps and structs

    def inner(self, value: object, kind: str, verb: str) -> bytes:
        """An element or field: one level deeper, where a pointer prints as its address and a nil
        interface is <nil> whatever the verb."""
        if value is None and is_interface(kind):
            return self.pad(b"<nil>")
        self.depth += 1
        try:
            return self.verb(value, kind, verb)
        finally:
            self.depth -= 1

    def verb(self, value: object, kind: str, verb: str) -> bytes:
        dynamic = getattr(value, "fmt_operand", None)
        if dynamic is not None and is_interface(kind):  # an interface value in a slice, map, …
            value, kind = dynamic()
        if verb == "T":
            if value is None and is_interface(kind):
                return self.pad(b"<nil>")
            return self.pad(type_name(self._dynamic_kind(value, kind)).encode())
        declared = kind  # main.C=float64: bad verbs show main.C
        shape = composite_shape(kind)  # "[]main.Celsius=float64" is a slice, whatever its elements
        if shape is None:  # main.S=[]string: a declared slice type's underlying one
            kind = underlying(kind)
            shape = composite_shape(kind)
        if shape is not None and verb != "p":
            return self.composite(value, shape, verb, kind)
        pointed = composite_shape(kind[1:]) if kind.startswith("*") and value is not None else None
        if pointed is not None and verb != "p" and self.depth == 0:  # &[1 2], &map[a:1]
            return b"&" + self.composite(getattr(value, "v", value), pointed, verb, kind[1:])
        if value is None and verb == "p" and not is_interface(kind):
            return self.pad(b"0x0")
        if value is None and kind_class(kind) not in ("string", "bool", "int", "uint", "float"):
            return self.pad(b"<nil>") if verb in "vs" else b"%!" + verb.encode() + b"(<nil>)"
        if verb in "vsxXq" and not (verb == "v" and self.f.sharp):
            text = _methods(value)
            if text is not None:
                return self.string(text, verb, kind)
        plain = getattr(value, "without_methods", None)
        if plain is not None:
            value = plain()
        cls = kind_class(kind)
        if cls == "time.Time" and isinstance(value, int) and verb in "vsq":
            return self.string(time_string(value), verb, kind)
        if cls == "duration":
            if verb in "vsxXq":
                return self.string(duration_string(int(value)).encode(), verb, kind)  # type: ignore[call-overload]
            cls = "int"
        if cls == "bool" and isinstance(value, bool):
            return (
                self.pad(b"true" if value else b"false") if verb in "tv" else self.bad(value, declared, verb)
            )
        if cls in ("int", "uint") and isinstance(value, int):
            return self.integer(value, declared, verb)
        if cls == "float" and isinstance(value, float):
            return self.float(value, _FLOATS.get(kind, 64), verb, declared)
        if cls == "complex" and isinstance(value, complex):
            return self.complex(value, _COMPLEX[kind], verb, declared)
        if cls == "string" and isinstance(value, bytes):
            return self.string(value, verb, declared)
        top = self.depth == 0 or not kind.startswith("*")
        if getattr(value, "kinds", None) is not None and verb != "p" and top:  # a struct, or a pointer to one
            return (b"&" if kind.startswith("*") else b"") + self.struct(value, kind, verb)
        if kind.startswith(_POINTER_LIKE):
            if verb in "bodxX":  # the address as an integer
                return self.integer(_fake_address_value(value), "uintptr", verb)
            return self.pad(fake_address(value)) if verb in "vp" else self.bad(value, kind, verb)
        if kind == "struct{}" and value == ():
            return self.pad(b"{}") if verb in "vs" else self.bad(value, kind, verb)
        if is_interface(kind):  # a dynamic value whose methods do not serve this verb
            return self.bad(value, kind, verb)
        raise NotImplementedError(f"fmt cannot print a value of kind {kind} yet")

    def composite(self, value: object, shape: tuple[str, str, str], verb: str, kind: str) -> bytes:
        """Slices and arrays as [e1 e2], maps as map[k:v] in sorted key order, each element
        formatted with the same verb and flags; []byte under %s %q %x %X is a string."""
        form, key_kind, elem_kind = shape
        if form != "map" and elem_kind in ("uint8", "byte") and verb in "sqxX":
            return self.string(bytes(value or b""), verb, kind)  # type: ignore[call-overload]
        if self.f.sharp and verb == "v":
            return self.go_syntax(value, shape, kind)
        if form == "map":
            items = sorted_items(value, key_kind)
            inner = b" ".join(
                self.inner(k, key_kind, verb) + b":" + self.inner(v, elem_kind, verb) for k, v in items
            )
            return b"map[" + inner + b"]"
        elems = list(value or ())  # type: ignore[call-overload]
        return b"[" + b" ".join(self.inner(e, elem_kind, verb) for e in elems) + b"]"

    def struct(self, value: Any, kind: str, verb: str) -> bytes:
        """A struct (codegen's GoStruct: field values, ``kinds``, ``go_fields`` names): {f1 f2},
        {A:f1 B:f2} under %+v, main.T{A:f1, B:f2} under %#v; each field under the verb."""
        kinds: tuple[str, ...] = value.kinds
        names: tuple[str, ...] = getattr(value, "go_fields", ()) or ("",) * len(kinds)
        if self.f.sharp and verb == "v":
            go = _Printer(_Flags(sharp=True))
            inner = b", ".join(n.encode() + b":" + go.verb(v, k, "v") for n, k, v in zip(names, kinds, value))
            return getattr(value, "go_type", kind.lstrip("*")).encode() + b"{" + inner + b"}"
        label = self.f.plus_v and all(names)
        parts = (
            (n.encode() + b":" if label else b"") + self.inner(v, k, verb)
            for n, k, v in zip(names, kinds, value)
        )
        return b"{" + b" ".join(parts) + b"}"

    def go_syntax(self, value: object, shape: tuple[str, str, str], kind: str) -> bytes:
        """%#v of a slice, array or map: []int{1, 2}, map[string]int{"a":1}."""
        form, key_kind, elem_kind = shape
        plain = _Printer(_Flags(sharp=True))
        if value is None and form != "array":
            return kind.encode() + b"(nil)"
        if form == "map":
            items = sorted_items(value, key_kind)
            inner = b", ".join(
                plain.verb(k, key_kind, "v") + b":" + plain.verb(v, elem_kind, "v") for k, v in items
            )
        else:
            inner = b", ".join(plain.verb(e, elem_kind, "v") for e in value)  # type: ignore[attr-defined]
        return kind.encode() + b"{" + inner + b"}"

    def _dynamic_kind(self, value: object, kind: str) -> str:
        if kind.startswith("*"):  # a pointer to a struct is the struct's object, whose go_type is T
            return kind
        return getattr(value, "go_type", kind)

    def bad(self, value: object, kind: str, verb: str) -> bytes:
        """%!verb(type=value), the value shown without its Error or String method."""
        plain = getattr(value, "go_value", None)
        shown = plain() if plain is not None else format_v(value, kind)
        dynamic = type_name(self._dynamic_kind(value, kind))
        return b"%!" + verb.encode() + b"(" + dynamic.encode() + b"=" + shown + b")"

    # ---- padding ------------------------------------------------------------------------------

    def pad(self, s: bytes, zeros_allowed: bool = True) -> bytes:
        """Pad to the width, counted in runes: spaces left or (with -) right, or zeros with 0."""
        f = self.f
        fill = f.width - utf8.rune_count(s)
        if f.width < 0 or fill <= 0:
            return s
        if f.minus:
            return s + b" " * fill
        return (b"0" if f.zero and zeros_allowed else b" ") * fill + s

    # ---- integers -------------------------------------------------------------------------

    def integer(self, v: int, kind: str, verb: str) -> bytes:
        f = self.f
        if verb in "vd":
            if verb == "v" and f.sharp and kind_class(kind) == "uint":
                return self.digits(v, 16, "x", sharp=True)
            return self.digits(v, 10, verb)
        if verb == "b":
            return self.digits(v, 2, verb)
        if verb in "oO":
            return self.digits(v, 8, verb)
        if verb in "xX":
            return self.digits(v, 16, verb)
        if verb == "c":
            return self.pad(utf8.encode_rune(v))
        if verb == "q":
            from gmpsim.golib import strconv

            if f.sharp and 0 <= v <= utf8.MAX_RUNE and strconv.is_print(v) and v != ord("'"):
                return self.pad(b"'" + utf8.encode_rune(v) + b"'")
            quoted = strconv.quote_rune_to_ascii(v) if f.plus else strconv.quote_rune(v)
            return self.pad(quoted)
        if verb == "U":
            return self.unicode(v)
        return self.bad(v, kind, verb)

    def digits(self, v: int, base: int, verb: str, sharp: bool | None = None) -> bytes:
        """fmtInteger: precision is a minimum digit count; 0 pads inside the sign and prefix."""
        f = self.f
        sharp = f.sharp if sharp is None else sharp
        negative = v < 0
        u = -v if negative else v
        prec = f.prec
        if prec < 0 and f.zero and f.width >= 0 and not f.minus:
            prec = f.width
            if negative or f.plus or f.space:
                prec -= 1  # leave room for the sign
        if prec == 0 and u == 0:
            return self.pad(b"", zeros_allowed=False)
        text = format(u, {2: "b", 8: "o", 10: "d", 16: "X" if verb == "X" else "x"}[base])
        if prec > len(text):
            text = "0" * (prec - len(text)) + text
        if base == 2 and sharp:
            text = "0b" + text
        elif base == 8 and verb == "O":
            text = "0o" + text
        elif base == 8 and sharp and not text.startswith("0"):
            text = "0" + text
        elif base == 16 and sharp:
            text = ("0X" if verb == "X" else "0x") + text
        if negative:
            text = "-" + text
        elif f.plus:
            text = "+" + text
        elif f.space:
            text = " " + text
        return self.pad(text.encode(), zeros_allowed=False)

    def unicode(self, v: int) -> bytes:
        """%U: U+0041, and with # the character itself if it is printable."""
        from gmpsim.golib import strconv

        prec = max(self.f.prec, 4)
        text = f"U+{v & 0xFFFFFFFFFFFFFFFF if v < 0 else v:0{prec}X}"
        if self.f.sharp and 0 <= v <= utf8.MAX_RUNE and strconv.is_print(v):
            text += " '" + chr(v) + "'"
        return self.pad(text.encode(), zeros_allowed=False)

    # ---- floats ---------------------------------------------------------------------------------

    def float(self, v: float, bits: int, verb: str, kind: str) -> bytes:
        f = self.f
        if verb not in "vbgGxXfFeE":
            return self.bad(v, kind, verb)
        sharp = f.sharp and verb != "v"  # %#v is Go syntax, not the alternate format
        if bits == 32 and not (math.isinf(v) or math.isnan(v)):
            v = to_float32(v)
        if verb == "v":
            verb = "g"
        prec = f.prec if f.prec >= 0 else (6 if verb in "fFeE" else -1)
        if verb in "xXb":
            return self.bad(v, kind, verb)  # hexadecimal and binary mantissas are not modelled
        text = format_float(v, verb.lower() if verb != "G" else "G", prec, bits)
        if verb in "EG":
            text = text.upper()
        if sharp and verb in "gG" and "Inf" not in text and "NaN" not in text:
            text = _sharp_g(text, prec if prec >= 0 else 6)
        if math.isinf(v) or math.isnan(v):
            if math.isnan(v) and not (f.plus or f.space):
                return self.pad(b"NaN", zeros_allowed=False)
            # infinities always show their sign; NaN only when asked for
            sign = "-" if v < 0 else " " if f.space and not f.plus else "+"
            return self.pad((sign + text.lstrip("+-")).encode(), zeros_allowed=False)
        sign = "-" if text.startswith("-") else "+" if f.plus else " " if f.space else ""
        body = text.lstrip("-")
        if f.zero and f.width >= 0 and not f.minus and f.width > len(sign) + len(body):
            return (sign + "0" * (f.width - len(sign) - len(body)) + body).encode()
        return self.pad((sign + body).encode(), zeros_allowed=False)

    def complex(self, v: complex, bits: int, verb: str, kind: str) -> bytes:
        """(re+imi): each part as a float of half the size under the verb, flags, width and
        precision, the imaginary one always with its sign."""
        if verb not in "vbgGxXfFeE":
            return self.bad(v, kind, verb)
        signed = _Printer(replace(self.f, plus=True))
        re, im = self.float(v.real, bits // 2, verb, kind), signed.float(v.imag, bits // 2, verb, kind)
        return b"(" + re + im + b"i)"

    # ---- strings ----------------------------------------------------------------------------

    def string(self, s: bytes, verb: str, kind: str) -> bytes:
        from gmpsim.golib import strconv

        f = self.f
        if f.prec >= 0 and verb in "vsq":
            s = _truncate_runes(s, f.prec)
        if verb == "v" and f.sharp:
            return self.pad(strconv.quote(s))
        if verb in "vs":
            return self.pad(s)
        if verb == "q":
            if f.sharp and _can_backquote(s):
                return self.pad(b"`" + s + b"`")
            return self.pad(strconv.quote_to_ascii(s) if f.plus else strconv.quote(s))
        if verb in "xX":
            if f.prec >= 0:
                s = s[: f.prec]
            digits = s.hex()
            if verb == "X":
                digits = digits.upper()
            prefix = ("0X" if verb == "X" else "0x") if f.sharp else ""
            if f.space:
                text = " ".join(prefix + digits[i : i + 2] for i in range(0, len(digits), 2))
            else:
                text = prefix + digits if digits else ""
            return self.pad(text.encode())
        return self.bad(s, kind, verb)


def is_interface(kind: str) -> bool:
    return kind in ("error", "any") or kind.startswith("interface")


def _closing_bracket(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced brackets in type {text!r}")


def composite_shape(kind: str) -> tuple[str, str, str] | None:
    """("slice" | "array" | "map", key type, element type) for a composite type's name, else None."""
    if kind.startswith("[]"):
        return "slice", "int", kind[2:]
    if kind.startswith("["):
        end = _closing_bracket(kind, 0)
        return "array", "int", kind[end + 1 :]
    if kind.startswith("map["):
        end = _closing_bracket(kind, 3)
        return "map", kind[4:end], kind[end + 1 :]
    return None


def sorted_items(mapping: object, key_kind: str) -> list[tuple[object, object]]:
    """A map's entries in the order fmt prints them (internal/fmtsort): numbers by value with
    NaN first, strings by bytes, false before true."""
    items: list[tuple[Any, Any]] = list(mapping.items()) if mapping else []  # type: ignore[attr-defined]
    if kind_class(key_kind) == "float":
        return sorted(items, key=lambda kv: _float_order(kv[0]))
    if kind_class(key_kind) == "complex":
        return sorted(items, key=lambda kv: (_float_order(kv[0].real), _float_order(kv[0].imag)))
    return sorted(items, key=lambda kv: kv[0])


def _float_order(f: float) -> tuple[bool, float]:
    """fmtsort's order of floats: NaN before every number."""
    return (not math.isnan(f), 0.0 if math.isnan(f) else f)


def _truncate_runes(s: bytes, n: int) -> bytes:
    for count, (i, _, _) in enumerate(utf8.runes(s)):
        if count == n:
            return s[:i]
    return s


def _can_backquote(s: bytes) -> bool:
    """strconv.CanBackquote: one line, no control characters but tab, valid UTF-8, no backquote."""
    for _, r, width in utf8.runes(s):
        if width == 1 and r == utf8.RUNE_ERROR:
            return False
        if r == 0xFEFF or r == ord("`") or (r < 0x20 and r != ord("\t")) or r == 0x7F:
            return False
    return True


def _sharp_g(text: str, prec: int) -> str:
    """%#g keeps trailing zeros (and the point): prec significant digits in all."""
    mant, e, exp = text.partition("e") if "e" in text else text.partition("E")
    sign = "-" if mant.startswith("-") else ""
    mant = mant.lstrip("-")
    if "." not in mant:
        mant += "."
    digits = len(mant.replace(".", "").lstrip("0")) or 1
    if prec == 0:
        prec = 1
    return sign + mant + "0" * max(0, prec - digits) + e + exp


_ADDRESSES: dict[object, int] = {}
_FAKE_HEAP = 0xC000010000


def _fake_address_value(value: object) -> int:
    key = getattr(value, "address_key", id(value))  # a pointer to an element: the element's
    if key not in _ADDRESSES:
        _ADDRESSES[key] = _FAKE_HEAP + 0x30 * len(_ADDRESSES)
    return _ADDRESSES[key]


def fake_address(value: object) -> bytes:
    """%p: a stable fake heap address per object, in the shape Go prints (0xc000010000)."""
    return f"0x{_fake_address_value(value):x}".encode()


def quote(b: bytes) -> str:
    """strconv.Quote, as text."""
    from gmpsim.golib import strconv

    return strconv.quote(b).decode()


def to_float32(f: float) -> float:
    """f rounded to float32 (±Inf beyond its range)."""
    try:
        return float(struct.unpack("f", struct.pack("f", f))[0])
    except OverflowError:
        return math.copysign(math.inf, f)


def _shortest_digits(f: float, bits: int) -> tuple[str, int]:
    """The shortest decimal digits that read back as f (as a float32 when bits is 32), and the
    decimal point's position: f = 0.digits * 10**point."""
    if bits == 32:
        f = to_float32(f)  # the value a float32 holds, whatever precision the caller computed it in
        for p in range(1, 10):
            candidate = f"{f:.{p - 1}e}"
            if to_float32(float(candidate)) == f:
                break
        mant, exp = candidate.split("e")
        digits = mant.replace(".", "").replace("-", "").rstrip("0") or "0"
        return digits, int(exp) + 1 if f != 0 else 1
    _, digit_tuple, exponent = Decimal(repr(abs(f))).as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    return digits, (len(digit_tuple) + exponent if f != 0 else 1)


def format_float(f: float, fmt: str, prec: int, bits: int = 64) -> str:
    """strconv.FormatFloat(f, fmt, prec, bits) for fmt in e, E, f, g, G; prec -1 is the shortest."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if fmt not in "eEfgG":
        if fmt in "bxX":
            raise NotImplementedError(f"strconv.FormatFloat format {fmt!r} is not modelled")
        return "%" + fmt  # what Go returns for a format it does not know
    upper = fmt in "EG"
    fmt = fmt.lower()
    neg = "-" if math.copysign(1.0, f) < 0 else ""
    if prec < 0:
        digits, point = _shortest_digits(f, bits)
        if fmt == "e":
            text = _e_form(digits, point, len(digits) - 1)
        elif fmt == "f":
            text = _f_form(digits, point, max(len(digits) - point, 0))
        else:  # %g with the shortest digits
            text = _shortest_g(digits, point)
        text = neg + text
    elif fmt == "f":
        text = f"{f:.{prec}f}"
    elif fmt == "e":
        text = _go_exponent(f"{f:.{prec}e}")
    else:
        text = _go_exponent(f"{f:.{max(prec, 1)}g}")
    return text.upper() if upper else text


def _shortest_g(digits: str, point: int) -> str:
    exp = point - 1
    if exp < -4 or exp >= 6:  # "if precision was the shortest possible, use precision 6 for this decision"
        return _e_form(digits, point, len(digits) - 1)
    return _f_form(digits, point, max(len(digits) - point, 0))


def _e_form(digits: str, point: int, frac: int) -> str:
    exp = point - 1 if digits != "0" else 0
    mant = digits[0] + ("." + digits[1:].ljust(frac, "0") if frac > 0 else "")
    return f"{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def _f_form(digits: str, point: int, frac: int) -> str:
    if point <= 0:
        whole, fraction = "0", "0" * -point + digits
    elif point >= len(digits):
        whole, fraction = digits + "0" * (point - len(digits)), ""
    else:
        whole, fraction = digits[:point], digits[point:]
    fraction = fraction.ljust(frac, "0")[:frac] if frac > 0 else ""
    return whole + ("." + fraction if fraction else "")


def _go_exponent(s: str) -> str:
    """Python writes e+5 or e+05 by case; Go always at least two digits."""
    m = re.search(r"e([+-])(\d+)$", s)
    if not m:
        return s
    return s[: m.start()] + f"e{m.group(1)}{int(m.group(2)):02d}"
