"""Which library functions and constants gmpsim provides, with their Go signatures.

The code generator looks a qualified name up here (``strings.Contains``), checks the call's
arguments against the Go parameter types and calls the Python implementation by the name
``namespace()`` binds in the generated module.  Types are written as Go spells them; a function
whose signature mentions a type the code generator cannot represent yet (``[]string``,
``error``) is reported as unsupported at the call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from gmpsim.golib import (
    atomic,
    environ,
    errors,
    flag,
    fmt,
    heap,
    math,
    ring,
    sort,
    strconv,
    strings,
    unicode,
    utf8,
)
from gmpsim.golib import bytes as go_bytes  # (the name bytes stays Python's type)
from gmpsim.golib import list as golist
from gmpsim.golib import time as gotime
from gmpsim.golib.structs import LibStruct


@dataclass(frozen=True)
class LibFunc:
    qual: str  # "strings.Contains"
    params: tuple[str, ...]  # Go parameter types
    results: tuple[str, ...]  # Go result types
    impl: Callable[..., object]

    @property
    def py_name(self) -> str:
        """The name the generated module calls it by."""
        return "lib_" + self.qual.replace(".", "_").replace("/", "_")


PROGRAM_NAME = b"./prog"  # os.Args[0]; the real one is a build path that differs on every run
PACKAGES = frozenset(
    {
        "strings",
        "strconv",
        "errors",
        "math",
        "sort",
        "unicode",
        "unicode/utf8",
        "flag",
        "sync/atomic",
        "bytes",
        "container/heap",
        "container/ring",
        "container/list",
    }
)
# functions that print or exit through the runtime, or call the program's code: their
# implementations are generators, given the goroutine first
YIELDING = frozenset(
    {"flag.Parse", "flag.PrintDefaults", "sort.Slice", "sort.SliceStable", "sort.Sort", "sort.Stable"}
    | {f"heap.{f}" for f in ("Init", "Push", "Pop", "Remove", "Fix")}
    | {"ring.Ring.Do"}
)
# struct types the library declares, by the name a program writes
STRUCTS: dict[str, LibStruct] = {s.name: s for s in (ring.RING, golist.ELEMENT, golist.LIST)}
# the flag package's functions act on the run's command line, their first argument
_FLAG_TYPES = {
    "Bool": ("bool", "bool"),
    "Int": ("int", "int"),
    "Int64": ("int64", "int64"),
    "Uint": ("uint", "uint"),
    "Uint64": ("uint64", "uint64"),
    "String": ("string", "string"),
    "Float64": ("float64", "float64"),
    "Duration": ("duration", "time.Duration"),
}

S, N, B, F, R = "string", "int", "bool", "float64", "rune"
D, TM, I64 = "time.Duration", "time.Time", "int64"
HEAP, RP = "heap.Interface", "*ring.Ring"
LP, LE, ANY = "*list.List", "*list.Element", "any"


_TABLE: list[tuple[str, tuple[str, ...], tuple[str, ...], Callable[..., object]]] = [
    ("strings.Contains", (S, S), (B,), strings.contains),
    ("strings.ContainsAny", (S, S), (B,), strings.contains_any),
    ("strings.ContainsRune", (S, R), (B,), strings.contains_rune),
    ("strings.Count", (S, S), (N,), strings.count),
    ("strings.EqualFold", (S, S), (B,), strings.equal_fold),
    ("strings.HasPrefix", (S, S), (B,), strings.has_prefix),
    ("strings.HasSuffix", (S, S), (B,), strings.has_suffix),
    ("strings.Index", (S, S), (N,), strings.index),
    ("strings.IndexAny", (S, S), (N,), strings.index_any),
    ("strings.IndexByte", (S, "byte"), (N,), strings.index_byte),
    ("strings.IndexRune", (S, R), (N,), strings.index_rune),
    ("strings.LastIndex", (S, S), (N,), strings.last_index),
    ("strings.LastIndexByte", (S, "byte"), (N,), strings.last_index_byte),
    ("strings.Compare", (S, S), (N,), strings.compare),
    ("strings.Repeat", (S, N), (S,), strings.repeat),
    ("strings.Replace", (S, S, S, N), (S,), strings.replace),
    ("strings.ReplaceAll", (S, S, S), (S,), strings.replace_all),
    ("strings.ToUpper", (S,), (S,), strings.to_upper),
    ("strings.ToLower", (S,), (S,), strings.to_lower),
    ("strings.TrimSpace", (S,), (S,), strings.trim_space),
    ("strings.Trim", (S, S), (S,), strings.trim),
    ("strings.TrimLeft", (S, S), (S,), strings.trim_left),
    ("strings.TrimRight", (S, S), (S,), strings.trim_right),
    ("strings.TrimPrefix", (S, S), (S,), strings.trim_prefix),
    ("strings.TrimSuffix", (S, S), (S,), strings.trim_suffix),
    ("strings.Cut", (S, S), (S, S, B), strings.cut),
    ("strings.Split", (S, S), ("[]string",), strings.split),
    ("strings.SplitN", (S, S, N), ("[]string",), strings.split_n),
    ("strings.SplitAfter", (S, S), ("[]string",), strings.split_after),
    ("strings.Fields", (S,), ("[]string",), strings.fields),
    ("strings.Join", ("[]string", S), (S,), strings.join),
    ("bytes.Equal", ("[]byte", "[]byte"), (B,), go_bytes.equal),
    ("bytes.Contains", ("[]byte", "[]byte"), (B,), go_bytes.contains),
    ("strconv.Itoa", (N,), (S,), strconv.itoa),
    ("strconv.FormatInt", ("int64", N), (S,), strconv.format_int),
    ("strconv.FormatBool", (B,), (S,), strconv.format_bool),
    ("strconv.FormatFloat", (F, "byte", N, N), (S,), strconv.format_float),
    ("strconv.Quote", (S,), (S,), strconv.quote),
    ("strconv.QuoteToASCII", (S,), (S,), strconv.quote_to_ascii),
    ("strconv.QuoteRune", (R,), (S,), strconv.quote_rune),
    ("strconv.IsPrint", (R,), (B,), strconv.is_print),
    ("strconv.Atoi", (S,), (N, "error"), strconv.atoi),
    ("strconv.ParseInt", (S, N, N), ("int64", "error"), strconv.parse_int),
    ("strconv.ParseUint", (S, N, N), ("uint64", "error"), strconv.parse_uint),
    ("strconv.ParseBool", (S,), (B, "error"), strconv.parse_bool),
    ("strconv.ParseFloat", (S, N), (F, "error"), strconv.parse_float),
    ("errors.New", (S,), ("error",), errors.new),
    ("errors.Is", ("error", "error"), (B,), errors.is_),
    ("errors.Unwrap", ("error",), ("error",), errors.unwrap),
    ("math.Sqrt", (F,), (F,), math.sqrt),
    ("math.Abs", (F,), (F,), math.abs_),
    ("math.Floor", (F,), (F,), math.floor),
    ("math.Ceil", (F,), (F,), math.ceil),
    ("math.Trunc", (F,), (F,), math.trunc),
    ("math.Round", (F,), (F,), math.round_),
    ("math.Max", (F, F), (F,), math.max_),
    ("math.Min", (F, F), (F,), math.min_),
    ("math.Pow", (F, F), (F,), math.pow_),
    ("math.Log", (F,), (F,), math.log),
    ("math.Exp", (F,), (F,), math.exp),
    ("math.Mod", (F, F), (F,), math.mod),
    ("math.Hypot", (F, F), (F,), math.hypot),
    ("math.Inf", (N,), (F,), math.inf),
    ("math.NaN", (), (F,), math.nan),
    ("math.IsNaN", (F,), (B,), math.is_nan),
    ("math.IsInf", (F, N), (B,), math.is_inf),
    ("math.Signbit", (F,), (B,), math.signbit),
    ("math.Copysign", (F, F), (F,), math.copysign),
    ("os.Getenv", (S,), (S,), environ.getenv),
    ("os.LookupEnv", (S,), (S, B), environ.lookup_env),
    ("math.Float64bits", (F,), ("uint64",), math.float64bits),
    ("math.Float64frombits", ("uint64",), (F,), math.float64frombits),
    ("math.Float32bits", ("float32",), ("uint32",), math.float32bits),
    ("math.Float32frombits", ("uint32",), ("float32",), math.float32frombits),
    ("sort.Ints", ("[]int",), (), sort.ints),
    ("sort.Strings", ("[]string",), (), sort.strings),
    ("sort.Float64s", ("[]float64",), (), sort.float64s),
    ("sort.IntsAreSorted", ("[]int",), (B,), sort.ints_are_sorted),
    ("sort.StringsAreSorted", ("[]string",), (B,), sort.strings_are_sorted),
    ("sort.SearchInts", ("[]int", N), (N,), sort.search_ints),
    ("sort.Slice", ("any", "func(int, int) bool"), (), sort.slice_func),
    ("sort.SliceStable", ("any", "func(int, int) bool"), (), sort.slice_func),
    ("sort.Sort", ("sort.Interface",), (), sort.sort_interface),
    ("sort.Stable", ("sort.Interface",), (), sort.sort_interface),
    ("unicode.IsSpace", (R,), (B,), unicode.is_space),
    ("unicode.IsLetter", (R,), (B,), unicode.is_letter),
    ("unicode.IsDigit", (R,), (B,), unicode.is_digit),
    ("unicode.IsNumber", (R,), (B,), unicode.is_number),
    ("unicode.IsUpper", (R,), (B,), unicode.is_upper),
    ("unicode.IsLower", (R,), (B,), unicode.is_lower),
    ("unicode.IsPunct", (R,), (B,), unicode.is_punct),
    ("unicode.ToUpper", (R,), (R,), unicode.to_upper),
    ("unicode.ToLower", (R,), (R,), unicode.to_lower),
    ("utf8.RuneCountInString", (S,), (N,), utf8.rune_count),
    ("utf8.RuneLen", (R,), (N,), utf8.rune_len),
    ("utf8.ValidString", (S,), (B,), utf8.valid_string),
    ("utf8.ValidRune", (R,), (B,), utf8.valid_rune),
    ("utf8.RuneStart", ("byte",), (B,), utf8.rune_start),
    ("utf8.DecodeRuneInString", (S,), (R, N), utf8.decode_rune),
    ("utf8.DecodeLastRuneInString", (S,), (R, N), utf8.decode_last_rune),
    ("heap.Init", (HEAP,), (), heap.init),
    ("heap.Push", (HEAP, "any"), (), heap.push),
    ("heap.Pop", (HEAP,), ("any",), heap.pop),
    ("heap.Remove", (HEAP, N), ("any",), heap.remove),
    ("heap.Fix", (HEAP, N), (), heap.fix),
    ("ring.New", (N,), (RP,), ring.new),
    # methods: the receiver is the first parameter (a pointer for a library struct's methods)
    ("ring.Ring.Next", (RP,), (RP,), ring.next_),
    ("ring.Ring.Prev", (RP,), (RP,), ring.prev),
    ("ring.Ring.Move", (RP, N), (RP,), ring.move),
    ("ring.Ring.Link", (RP, RP), (RP,), ring.link),
    ("ring.Ring.Unlink", (RP, N), (RP,), ring.unlink),
    ("ring.Ring.Len", (RP,), (N,), ring.length),
    ("ring.Ring.Do", (RP, "func(any)"), (), ring.do),
    ("list.New", (), (LP,), golist.new),
    ("list.List.Init", (LP,), (LP,), golist.init),
    ("list.List.Len", (LP,), (N,), golist.length),
    ("list.List.Front", (LP,), (LE,), golist.front),
    ("list.List.Back", (LP,), (LE,), golist.back),
    ("list.List.Remove", (LP, LE), (ANY,), golist.remove),
    ("list.List.PushFront", (LP, ANY), (LE,), golist.push_front),
    ("list.List.PushBack", (LP, ANY), (LE,), golist.push_back),
    ("list.List.InsertBefore", (LP, ANY, LE), (LE,), golist.insert_before),
    ("list.List.InsertAfter", (LP, ANY, LE), (LE,), golist.insert_after),
    ("list.List.MoveToFront", (LP, LE), (), golist.move_to_front),
    ("list.List.MoveToBack", (LP, LE), (), golist.move_to_back),
    ("list.List.MoveBefore", (LP, LE, LE), (), golist.move_before),
    ("list.List.MoveAfter", (LP, LE, LE), (), golist.move_after),
    ("list.List.PushBackList", (LP, LP), (), golist.push_back_list),
    ("list.List.PushFrontList", (LP, LP), (), golist.push_front_list),
    ("list.Element.Next", (LE,), (LE,), golist.element_next),
    ("list.Element.Prev", (LE,), (LE,), golist.element_prev),
    ("time.Duration.Round", (D, D), (D,), gotime.duration_round),
    ("time.Duration.Truncate", (D, D), (D,), gotime.duration_truncate),
    ("time.Duration.Abs", (D,), (D,), gotime.duration_abs),
    ("time.Duration.Seconds", (D,), (F,), gotime.duration_seconds),
    ("time.Duration.Minutes", (D,), (F,), gotime.duration_minutes),
    ("time.Duration.Hours", (D,), (F,), gotime.duration_hours),
    ("time.Duration.Milliseconds", (D,), (I64,), gotime.duration_milliseconds),
    ("time.Duration.Microseconds", (D,), (I64,), gotime.duration_microseconds),
    ("time.Duration.Nanoseconds", (D,), (I64,), gotime.duration_nanoseconds),
    ("time.Duration.String", (D,), (S,), gotime.duration_string_bytes),
    ("time.Time.Sub", (TM, TM), (D,), gotime.time_sub),
    ("time.Time.Add", (TM, D), (TM,), gotime.time_add),
    ("time.Time.Before", (TM, TM), (B,), gotime.time_before),
    ("time.Time.After", (TM, TM), (B,), gotime.time_after),
    ("time.Time.Equal", (TM, TM), (B,), gotime.time_equal),
    ("time.Time.IsZero", (TM,), (B,), gotime.time_is_zero),
    ("time.Time.Unix", (TM,), (I64,), gotime.time_unix),
    ("time.Time.UnixMilli", (TM,), (I64,), gotime.time_unix_milli),
    ("time.Time.UnixNano", (TM,), (I64,), gotime.time_unix_nano),
    ("time.Time.String", (TM,), (S,), gotime.time_string),
]
_TABLE += [
    entry
    for name, (kind, go_type) in _FLAG_TYPES.items()
    for entry in (
        (f"flag.{name}", (S, go_type, S), ("*" + go_type,), flag.new_flag(kind)),
        (f"flag.{name}Var", ("*" + go_type, S, go_type, S), (), flag.flag_var(kind)),
    )
]
_TABLE += [
    ("flag.Parse", (), (), flag.parse),
    ("flag.PrintDefaults", (), (), flag.print_defaults),
    ("flag.Args", (), ("[]string",), flag.args),
    ("flag.NArg", (), (N,), flag.narg),
    ("flag.NFlag", (), (N,), flag.nflag),
    ("flag.Arg", (N,), (S,), flag.arg),
    ("flag.Parsed", (), (B,), flag.parsed),
]
_ATOMIC_INTS = {"Int32": ("int32", 32, True), "Int64": ("int64", 64, True)} | {
    "Uint32": ("uint32", 32, False),
    "Uint64": ("uint64", 64, False),
}
_TABLE += [
    entry
    for name, (t, bits, signed) in _ATOMIC_INTS.items()
    for entry in (
        (f"atomic.Add{name}", ("*" + t, t), (t,), atomic.adder(bits, signed)),
        (f"atomic.Load{name}", ("*" + t,), (t,), atomic.load),
        (f"atomic.Store{name}", ("*" + t, t), (), atomic.store),
        (f"atomic.Swap{name}", ("*" + t, t), (t,), atomic.swap),
        (f"atomic.CompareAndSwap{name}", ("*" + t, t, t), (B,), atomic.compare_and_swap),
    )
]
FUNCS: dict[str, LibFunc] = {q: LibFunc(q, p, r, f) for q, p, r, f in _TABLE}

# Constants by qualified name: (Go type, value).  Go's math constants are untyped.
CONSTS: dict[str, tuple[str, object]] = {
    "math.Pi": ("untyped float", math.PI),
    "math.E": ("untyped float", math.E),
    "math.Sqrt2": ("untyped float", math.SQRT2),
    "math.Ln2": ("untyped float", math.LN2),
    "math.MaxFloat64": ("untyped float", math.MAX_FLOAT64),
    "math.SmallestNonzeroFloat64": ("untyped float", math.SMALLEST_NONZERO_FLOAT64),
    "math.MaxInt": ("untyped int", math.MAX_INT),
    "math.MinInt": ("untyped int", math.MIN_INT),
    "math.MaxInt64": ("untyped int", math.MAX_INT64),
    "math.MinInt64": ("untyped int", math.MIN_INT64),
    "math.MaxInt32": ("untyped int", math.MAX_INT32),
    "math.MinInt32": ("untyped int", math.MIN_INT32),
    "math.MaxInt16": ("untyped int", math.MAX_INT16),
    "math.MinInt16": ("untyped int", math.MIN_INT16),
    "math.MaxInt8": ("untyped int", math.MAX_INT8),
    "math.MinInt8": ("untyped int", math.MIN_INT8),
    "math.MaxUint": ("untyped int", math.MAX_UINT),
    "math.MaxUint64": ("untyped int", math.MAX_UINT64),
    "math.MaxUint32": ("untyped int", math.MAX_UINT32),
    "math.MaxUint16": ("untyped int", math.MAX_UINT16),
    "math.MaxUint8": ("untyped int", math.MAX_UINT8),
    "utf8.RuneError": ("untyped rune", utf8.RUNE_ERROR),
    "utf8.RuneSelf": ("untyped int", utf8.RUNE_SELF),
    "utf8.UTFMax": ("untyped int", utf8.UTF_MAX),
    "utf8.MaxRune": ("untyped rune", utf8.MAX_RUNE),
    "unicode.MaxRune": ("untyped rune", unicode.MAX_RUNE),
    "strconv.IntSize": ("untyped int", 64),
    "runtime.GOOS": ("string", environ.GOOS.encode()),
    "runtime.GOARCH": ("string", environ.GOARCH.encode()),
}


# Package variables a program may read and set: (Go type, initial value).  MemProfileRate
# starts at 0 because the linker turns memory profiling off in a program that never calls
# runtime.MemProfile (Go >= 1.16; 512 KiB before), which gmpsim does not provide; nothing reads
# it back: gmpsim has no heap to sample.
VARS: dict[str, tuple[str, object]] = {"runtime.MemProfileRate": ("int", 0)}


def var_py_name(qual: str) -> str:
    """The generated module's global holding package variable ``qual``."""
    return "LV_" + qual.replace(".", "_")


def package_name(path: str) -> str:
    """The name a program uses for an import path ("unicode/utf8" -> "utf8")."""
    return path.rsplit("/", 1)[-1]


def namespace(args: list[bytes], env: dict[bytes, bytes] | None = None) -> dict[str, object]:
    """The implementations by the names generated code calls them, and a fresh os.Args holding
    the program's name and ``args`` (with the flag package's command line over them); ``env``
    is the simulated environment (see gmpsim.golib.environ)."""
    from gmpsim.codegen.containers import slice_of  # here: the code generator imports this module

    os_args = [PROGRAM_NAME, *args]
    # what the functions of a package act on, passed as their first argument
    contexts: dict[str, object] = {
        "flag": flag.CommandLine(os_args),
        "os": environ.simulated() if env is None else env,
    }
    return (
        {
            f.py_name: partial(f.impl, contexts[package])
            if (package := f.qual.split(".")[0]) in contexts
            else f.impl
            for f in FUNCS.values()
        }
        | {
            "fmt_errorf": fmt.errorf,
            "error_text": errors.error_text,
            "OS_ARGS": slice_of(os_args),
        }
        | {var_py_name(q): value for q, (_, value) in VARS.items()}
        | {t.py_name: t.cls for t in STRUCTS.values()}
    )
