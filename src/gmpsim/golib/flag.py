"""The flag package's command line (flag.CommandLine with ExitOnError), as Go's flag.go parses it.

Each run gets its own :class:`CommandLine` over ``os.Args``.  A flag's variable is a pointer, a
:class:`gmpsim.codegen.containers.Cell` or ``Ref`` (``flag.Int`` makes a new Cell, ``flag.IntVar``
is given one); values are Go values as the code generator holds them (``bytes`` strings, ``int``
durations).  ``parse`` and ``print_defaults`` are generators: what they print goes to stderr
through the runtime (a WRITE request), and a bad command line ends the program through it
(``-h``/``-help`` exit 0, any other error exit 2, after the message and the usage).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

from gmpsim.golib import strconv
from gmpsim.golib.fmt import format_float
from gmpsim.golib.time import duration_string, parse_duration
from gmpsim.runtime.ops import EXIT, WRITE

Request = Generator[tuple[Any, ...], Any, None]


class _ValueError(Exception):
    """Set's error: Go's flag wraps the parsers' errors as these two texts."""


PARSE_ERROR, RANGE_ERROR = "parse error", "value out of range"


def _num(value: int | float, err: object) -> int | float:
    if err is None:
        return value
    inner = getattr(err, "err", None)
    raise _ValueError(RANGE_ERROR if inner is strconv.ERR_RANGE else PARSE_ERROR)


def _parse_bool(s: bytes) -> bool:
    value, err = strconv.parse_bool(s)
    if err is not None:
        raise _ValueError(PARSE_ERROR)
    return value


def _parse_duration(s: bytes) -> int:
    try:
        return parse_duration(s.decode("utf-8", "surrogateescape"))
    except ValueError:
        raise _ValueError(PARSE_ERROR) from None


def _float_text(f: float) -> bytes:
    return format_float(f, "g", -1, 64).encode()


@dataclass(frozen=True)
class Kind:
    """One flag type: how a command-line word becomes its value, how the value prints, the
    value's placeholder name in the usage text, and its zero value."""

    parse: Callable[[bytes], object]
    text: Callable[[Any], bytes]
    placeholder: str
    zero: object


KINDS: dict[str, Kind] = {
    "bool": Kind(_parse_bool, strconv.format_bool, "", False),
    "int": Kind(lambda s: _num(*strconv.parse_int(s, 0, 64)), strconv.itoa, "int", 0),
    "int64": Kind(lambda s: _num(*strconv.parse_int(s, 0, 64)), strconv.itoa, "int", 0),
    "uint": Kind(lambda s: _num(*strconv.parse_uint(s, 0, 64)), strconv.itoa, "uint", 0),
    "uint64": Kind(lambda s: _num(*strconv.parse_uint(s, 0, 64)), strconv.itoa, "uint", 0),
    "string": Kind(lambda s: s, lambda v: v, "string", b""),
    "float64": Kind(lambda s: _num(*strconv.parse_float(s, 64)), _float_text, "float", 0.0),
    "duration": Kind(_parse_duration, lambda d: duration_string(d).encode(), "duration", 0),
}


@dataclass
class Flag:
    name: bytes
    kind: str
    usage: bytes
    default: bytes  # DefValue: the value's text when the flag was defined
    ref: Any  # the variable (a Cell or Ref: its value is .v)


class CommandLine:
    """flag.CommandLine of one run."""

    def __init__(self, args: list[bytes]) -> None:
        self.args = args  # os.Args
        self.flags: dict[bytes, Flag] = {}
        self.parsed = False
        self.rest: list[bytes] = []  # the arguments after the flags
        self.set_names: set[bytes] = set()  # the flags the command line set

    def define(self, kind: str, ref: Any, name: bytes, value: object, usage: bytes) -> Any:
        """flag.Int / flag.IntVar and the others: returns the flag's variable."""
        if name in self.flags:
            from gmpsim.codegen.containers import string_panic  # here: codegen imports golib

            raise string_panic(f"{self.args[0].decode()} flag redefined: {name.decode()}")
        ref.v = value
        self.flags[name] = Flag(name, kind, usage, KINDS[kind].text(value), ref)
        return ref

    def parse(self) -> Request:
        """flag.Parse: set the flags from os.Args[1:], leaving the rest for flag.Args."""
        self.parsed = True
        args = self.args[1:]
        while args:
            word = args[0]
            if len(word) < 2 or word[:1] != b"-":
                break
            minuses = 2 if word[1:2] == b"-" else 1
            if word == b"--":
                args = args[1:]
                break
            name = word[minuses:]
            if not name or name[:1] in (b"-", b"="):
                yield from self._fail(f"bad flag syntax: {word.decode('utf-8', 'replace')}")
                return
            args = args[1:]
            name, has_value, value = name.partition(b"=")
            flag = self.flags.get(name)
            if flag is None:
                if name in (b"help", b"h"):
                    yield from self.usage()
                    yield (EXIT, 0)
                    return
                yield from self._fail(f"flag provided but not defined: -{name.decode('utf-8', 'replace')}")
                return
            if flag.kind != "bool" and not has_value:
                if not args:
                    yield from self._fail(f"flag needs an argument: -{name.decode('utf-8', 'replace')}")
                    return
                value, args = args[0], args[1:]
            elif flag.kind == "bool" and not has_value:
                value = b"true"
            try:
                flag.ref.v = KINDS[flag.kind].parse(value)
                self.set_names.add(name)
            except _ValueError as err:
                shown = strconv.quote(value).decode("utf-8", "replace")
                what = "boolean value" if flag.kind == "bool" else "value"
                prep = "for" if flag.kind == "bool" else "for flag"
                flag_name = name.decode("utf-8", "replace")
                yield from self._fail(f"invalid {what} {shown} {prep} -{flag_name}: {err}")
                return
        self.rest = args

    def _fail(self, message: str) -> Request:
        yield (WRITE, 2, message.encode() + b"\n")
        yield from self.usage()
        yield (EXIT, 2)

    def usage(self) -> Request:
        """The default flag.Usage: a heading, then PrintDefaults."""
        yield (WRITE, 2, b"Usage of " + self.args[0] + b":\n")
        yield from self.print_defaults()

    def print_defaults(self) -> Request:
        text = b"".join(self._usage_line(self.flags[name]) for name in sorted(self.flags))
        if text:
            yield (WRITE, 2, text)

    @staticmethod
    def _usage_line(flag: Flag) -> bytes:
        placeholder, usage = _unquote_usage(flag)
        line = b"  -" + flag.name
        if placeholder:
            line += b" " + placeholder
        line += b"\t" if len(line) <= 4 else b"\n    \t"
        line += usage.replace(b"\n", b"\n    \t")
        kind = KINDS[flag.kind]
        if flag.default != kind.text(kind.zero):
            shown = strconv.quote(flag.default) if flag.kind == "string" else flag.default
            line += b" (default " + shown + b")"
        return line + b"\n"

    def arg(self, i: int) -> bytes:
        return self.rest[i] if 0 <= i < len(self.rest) else b""


def _unquote_usage(flag: Flag) -> tuple[bytes, bytes]:
    """flag.UnquoteUsage: a back-quoted word in the usage names the value, else its type does."""
    first = flag.usage.find(b"`")
    if first >= 0:
        second = flag.usage.find(b"`", first + 1)
        if second >= 0:
            name = flag.usage[first + 1 : second]
            return name, flag.usage[:first] + name + flag.usage[second + 1 :]
    return KINDS[flag.kind].placeholder.encode(), flag.usage


def new_flag(kind: str) -> Callable[[CommandLine, bytes, object, bytes], Any]:
    """flag.Int and friends: a flag with a variable of its own."""

    def define(cl: CommandLine, name: bytes, value: object, usage: bytes) -> Any:
        from gmpsim.codegen.containers import Cell  # here: the code generator imports golib

        return cl.define(kind, Cell(value), name, value, usage)

    return define


def flag_var(kind: str) -> Callable[[CommandLine, Any, bytes, object, bytes], None]:
    """flag.IntVar and friends: a flag that sets the variable p points to."""

    def define(cl: CommandLine, p: Any, name: bytes, value: object, usage: bytes) -> None:
        if p is None:
            from gmpsim.codegen.containers import nil_deref

            nil_deref()
        cl.define(kind, p, name, value, usage)

    return define


def parse(cl: CommandLine, g: Any) -> Request:
    return cl.parse()


def print_defaults(cl: CommandLine, g: Any) -> Request:
    return cl.print_defaults()


def args(cl: CommandLine) -> list[bytes]:
    return list(cl.rest)


def narg(cl: CommandLine) -> int:
    return len(cl.rest)


def nflag(cl: CommandLine) -> int:
    """flag.NFlag: how many flags the command line set (counted as Go counts: once each)."""
    return len(cl.set_names)


def arg(cl: CommandLine, i: int) -> bytes:
    return cl.arg(i)


def parsed(cl: CommandLine) -> bool:
    return cl.parsed
